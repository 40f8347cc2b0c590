# Shortcuts; the README's two commands are scripts/up and scripts/test.
.PHONY: up test schema lint format

up:
	./scripts/up

test:
	./scripts/test

# Regenerates the committed GraphQL SDL from the code.
schema:
	cd server && uv run rapport export-schema > ../schema.graphql

lint:
	cd server && uv run ruff check src tests migrations && uv run mypy

format:
	cd server && uv run ruff check --fix src tests migrations && uv run ruff format src tests migrations
