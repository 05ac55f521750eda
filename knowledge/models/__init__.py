"""The fitted answer models, one JSON file per encoder setting (see README.md)."""
