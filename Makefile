# Shortcuts; the README's two commands are scripts/up and scripts/test.
.PHONY: up test schema lint format bench

up:
	./scripts/up

test:
	./scripts/test

# Regenerates the committed GraphQL SDL from the code.
schema:
	cd server && uv run rapport export-schema > ../schema.graphql

lint:
	cd server && uv run ruff check src tests migrations && uv run mypy && uv run lint-imports

format:
	cd server && uv run ruff check --fix src tests migrations && uv run ruff format src tests migrations

# Benchmarks of the records API against a running `make up` / `rapport up` (see bench/README.md):
# make bench ARGS=--quick for a smoke check.
bench:
	cd server && uv run python ../bench/generate.py $(GEN_ARGS) && uv run python ../bench/run.py $(ARGS)
