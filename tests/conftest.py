"""Fixtures shared by every test: a clean `BOT_*` environment and a private copy of the seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


class Env:
    """Sets `BOT_*` variables and writes `.env` files for one test, all undone afterwards."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self._monkeypatch = monkeypatch
        self.folder = folder

    def __call__(self, **values: str) -> None:
        """`env(top_k="5")` sets `BOT_TOP_K=5`."""
        for name, value in values.items():
            self._monkeypatch.setenv(f"BOT_{name.upper()}", value)

    def unset(self, *names: str) -> None:
        """`env.unset("encoder")` removes `BOT_ENCODER`, so its default applies."""
        for name in names:
            self._monkeypatch.delenv(f"BOT_{name.upper()}", raising=False)

    def dotenv(self, text: str) -> Path:
        """A `.env` in the working folder, where the settings look for it."""
        path = self.folder / ".env"
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Env:
    """No `BOT_*` variable from the caller's shell, and an empty working folder.

    The empty folder matters: settings read `.env` from the working folder, and a
    developer's own `.env` (with a real token) must never leak into a test.

    The encoder is off unless a test turns it on: with it, answers change once the vectors
    are built in the background, and a test must not race that build.
    """
    for name in list(os.environ):
        if name.startswith("BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BOT_ENCODER", "off")
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return Env(monkeypatch, folder)


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A copy of the repository's seed articles that a test may add to, break or reload."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder
