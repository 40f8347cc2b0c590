"""Rapport's AI service: embeddings over gRPC (see ai/README.md)."""
