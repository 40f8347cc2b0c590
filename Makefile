# Shortcuts; the README's two commands are scripts/up and scripts/test.
.PHONY: up test schema openapi lint format bench fuzz

up:
	./scripts/up

test:
	./scripts/test

# Regenerates the committed GraphQL SDL from the code.
schema:
	cd server && uv run rapport export-schema > ../schema.graphql

# Regenerates the committed OpenAPI documents of the REST API from the code.
openapi:
	cd server && uv run rapport export-openapi > ../openapi.json && uv run rapport export-openapi --format yaml > ../openapi.yaml

lint:
	cd server && uv run ruff check src tests migrations && uv run mypy && uv run lint-imports

format:
	cd server && uv run ruff check --fix src tests migrations && uv run ruff format src tests migrations

# Benchmarks of the records API against a running `make up` / `rapport up` (see bench/README.md):
# make bench ARGS=--quick for a smoke check.
bench:
	cd server && uv run python ../bench/generate.py $(GEN_ARGS) && uv run python ../bench/run.py $(ARGS)

# The long fuzz run before a release: Schemathesis over every GraphQL and REST operation with many
# more examples and a fresh seed (CI runs 8 per operation with a fixed one). Reproduce a failure with
# the seed it prints: make fuzz SEED=<seed>.
FUZZ_EXAMPLES ?= 300
SEED ?= $(shell python3 -c "import random; print(random.randrange(2**31))")
fuzz:
	@echo "fuzz seed: $(SEED)"
	cd server && RAPPORT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) RAPPORT_FUZZ_SEED=$(SEED) uv run pytest tests/fuzz -n 2 -q
