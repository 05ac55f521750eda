"""Fixtures for the knowledge tests: the project's seed article, and article folders in tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from knowledge import Article, KnowledgeBase, SentenceIndex, corpus_sentences, parse_article

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
SEED_FILE = SEEDS / "000_e435f3c587c77942.txt"


def article_text(
    *paragraphs: str,
    title: str = "Ein Titel",
    date: str = "2024-12-24",
    header: Sequence[str] = ("Autor: Laura",),
) -> str:
    """A well-formed article file: title, date, header lines, one line per paragraph."""
    return "\n".join([title, date, *header, *paragraphs]) + "\n"


def make_article(*paragraphs: str, file_name: str = "artikel.txt", **fields: Any) -> Article:
    """An article parsed from its text, for tests that need no file on disk."""
    return parse_article(article_text(*paragraphs, **fields), file_name=file_name)


@dataclass(frozen=True)
class ArticleFolder:
    """A folder of article files that a test fills with exactly the files it is about."""

    path: Path

    def write(self, name: str, *paragraphs: str, **fields: Any) -> Path:
        """Write a well-formed article (fields as in `article_text`)."""
        return self.write_raw(name, article_text(*paragraphs, **fields))

    def write_raw(self, name: str, content: str | bytes) -> Path:
        """Write a file exactly as given, for the files that must not fit the format."""
        path = self.path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path


@pytest.fixture
def seeds(tmp_path: Path) -> ArticleFolder:
    """An empty folder of article files."""
    folder = tmp_path / "artikel"
    folder.mkdir()
    return ArticleFolder(folder)


@pytest.fixture(scope="session")
def seed_article() -> Article:
    """The article the project ships as its seed: xAI raises six billion dollars."""
    return parse_article(SEED_FILE.read_text(encoding="utf-8"), file_name=SEED_FILE.name)


@pytest.fixture(scope="session")
def seed_index(seed_article: Article) -> SentenceIndex:
    """The search index over the seed article (immutable, so shared by all tests)."""
    return SentenceIndex(corpus_sentences([seed_article]))


@pytest.fixture(scope="session")
def seed_knowledge() -> KnowledgeBase:
    """The project's seeds, loaded once; a test that reloads makes its own knowledge base."""
    knowledge = KnowledgeBase(SEEDS)
    assert knowledge.reload().applied
    return knowledge
