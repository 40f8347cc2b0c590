"""Search across records, notes and mail; duplicates found by rules; merges and their undo."""
