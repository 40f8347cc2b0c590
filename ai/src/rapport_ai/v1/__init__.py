"""Generated gRPC stubs of proto/rapport/ai/v1/ai.proto."""
