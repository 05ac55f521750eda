"""Plain-text tables, aligned so that a terminal or a pasted issue comment reads them alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

MISSING = "-"
T = TypeVar("T")


def timed(make: Callable[[], T]) -> tuple[T, float]:
    """A result and the wall-clock seconds it took, for a report's time figures."""
    started = time.perf_counter()
    result = make()
    return result, time.perf_counter() - started


def figure(value: float | None, digits: int = 3) -> str:
    """A number with fixed decimals, or `-` where a figure does not apply."""
    return MISSING if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    """A share as a whole percentage (`12%`), or `-` where it does not apply."""
    return MISSING if value is None else f"{100 * value:.0f}%"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, text_columns: int = 1) -> str:
    """Columns padded to their widest cell; the first `text_columns` left, figures right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.ljust(width) if i < text_columns else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
