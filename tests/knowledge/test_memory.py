"""Handing freed memory back: where the C library can, and never failing where it cannot."""

from __future__ import annotations

import ctypes
import platform
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


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_trims_with_glibc() -> None:
    assert release_freed_memory() is True


def test_release_is_a_no_op_where_the_c_library_cannot_be_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unopenable(name: str | None) -> object:
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", unopenable)

    assert release_freed_memory() is False


def test_release_is_a_no_op_where_the_c_library_has_no_malloc_trim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """macOS and musl have a C library, but no malloc_trim in it."""

    class WithoutTrim:
        def __init__(self, name: str | None) -> None:
            self.name = name

    monkeypatch.setattr(ctypes, "CDLL", WithoutTrim)

    assert release_freed_memory() is False
