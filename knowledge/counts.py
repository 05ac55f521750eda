"""Counts in words, for the reports and replies that people read."""


def counted(count: int, one: str, many: str) -> str:
    """A count with its noun in agreement (`1 Satz`, `2 Sätze`; `1 file`, `2 files`):
    `1 Nachrichtenartikeln` reads as broken, and one article is what a new bot starts with."""
    return f"{count} {one if count == 1 else many}"
