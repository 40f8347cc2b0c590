"""The audit log: security events, append-only and hash-chained per workspace."""
