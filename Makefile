# Shortcuts; the README's two commands are scripts/up and scripts/test.
.PHONY: up test schema openapi lint format bench fuzz proto model bench-ai images dashboards

up:
	./scripts/up

test:
	./scripts/test

# Regenerates the committed GraphQL SDL from the code.
schema:
	cd server && uv run rapport export-schema > ../schema.graphql

# Regenerates the committed gRPC stubs of proto/rapport/ai/v1/ai.proto (a test checks them).
proto:
	cd server && uv run python ../ai/scripts/gen_proto.py

# Exports all-MiniLM-L6-v2 to int8 ONNX into the cache (scripts/up and scripts/test do it when missing).
model:
	cd server && uv run python -m rapport_ai.export

# Regenerates the committed OpenAPI documents of the REST API from the code.
openapi:
	cd server && uv run rapport export-openapi > ../openapi.json && uv run rapport export-openapi --format yaml > ../openapi.yaml

lint:
	cd server && uv run ruff check src tests migrations ../ai/src ../ai/scripts && uv run mypy && uv run lint-imports

format:
	cd server && uv run ruff check --fix src tests migrations ../ai/src ../ai/scripts && \
		uv run ruff format src tests migrations ../ai/src ../ai/scripts

# Benchmarks of the records API against a running `make up` / `rapport up` (see bench/README.md):
# make bench ARGS=--quick for a smoke check.
bench:
	cd server && uv run python ../bench/generate.py $(GEN_ARGS) && uv run python ../bench/run.py $(ARGS)

# Texts per second of the AI service on this machine (see bench/README.md, "AI service").
bench-ai:
	cd server && uv run python ../bench/ai_throughput.py $(ARGS)

# The long fuzz run before a release: Schemathesis over every GraphQL and REST operation with many
# more examples and a fresh seed (CI runs 8 per operation with a fixed one). Reproduce a failure with
# the seed it prints: make fuzz SEED=<seed>.
FUZZ_EXAMPLES ?= 300
SEED ?= $(shell python3 -c "import random; print(random.randrange(2**31))")
fuzz:
	@echo "fuzz seed: $(SEED)"
	cd server && RAPPORT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) RAPPORT_FUZZ_SEED=$(SEED) uv run pytest tests/fuzz -n 2 -q

# Container images (deploy/docker/): builds rapport-server, rapport-ai and rapport-web from a debootstrapped
# Debian base with buildah and smoke-tests each (see deploy/README.md). Needs root; several minutes.
images:
	./deploy/docker/build.sh

# Rewrites the Grafana dashboards' JSON from deploy/grafana/dashboards.py.
dashboards:
	python3 deploy/grafana/dashboards.py
