"""Handing freed memory back: where the C library can, and never failing where it cannot."""

from __future__ import annotations

import ctypes.util
from collections.abc import Iterator

import pytest

from knowledge import memory
from knowledge.memory import release_freed_memory


@pytest.fixture(autouse=True)
def fresh_lookup() -> Iterator[None]:
    """Each test finds the C library anew, and later code finds the real one again."""
    memory._malloc_trim.cache_clear()
    yield
    memory._malloc_trim.cache_clear()


def test_release_says_whether_the_c_library_could_trim() -> None:
    assert release_freed_memory() is (memory._malloc_trim() is not None)


def test_release_is_a_no_op_without_a_c_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)

    assert release_freed_memory() is False


def test_release_is_a_no_op_where_the_c_library_has_no_malloc_trim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """macOS and musl have a C library, but no malloc_trim in it."""

    class WithoutTrim:
        def __init__(self, name: str) -> None:
            self.name = name

    monkeypatch.setattr(ctypes, "CDLL", WithoutTrim)

    assert release_freed_memory() is False
