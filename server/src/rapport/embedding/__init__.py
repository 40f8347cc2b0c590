"""Embeddings of records and mail: stored vectors and nearest-neighbour search (see docs/design.md, "AI service")."""
