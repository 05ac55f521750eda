"""Uploaded article files: safe names, checked as a reload reads them, never overwritten unasked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.uploads import MAX_ARTICLE_BYTES, UploadProblem, check_size, safe_file_name, save_article
from knowledge import ArticleError, load_articles
from tests.bot.conftest import PENGUINS


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("pinguine.txt", "pinguine.txt"),
        ("Pinguine 2024.TXT", "Pinguine_2024.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\a\\Zwerg pinguine.txt", "Zwerg_pinguine.txt"),
        (".versteckt.txt", "versteckt.txt"),
        ("Ärger über Öl.txt", "rger_ber_l.txt"),
    ],
)
def test_file_names_become_plain_names_inside_the_seeds_folder(sent: str, saved: str) -> None:
    assert safe_file_name(sent) == saved


@pytest.mark.parametrize("sent", [None, "", "bild.png", "txt", ".txt", "...txt"])
def test_anything_but_a_named_txt_file_is_refused(sent: str | None) -> None:
    with pytest.raises(UploadProblem):
        safe_file_name(sent)


def test_oversized_files_are_refused_before_downloading() -> None:
    check_size(None)
    check_size(MAX_ARTICLE_BYTES)
    with pytest.raises(UploadProblem):
        check_size(MAX_ARTICLE_BYTES + 1)


def test_a_valid_article_is_saved_and_loads(seeds_dir: Path) -> None:
    article = save_article(seeds_dir, "pinguine.txt", PENGUINS.encode(), overwrite=False)

    assert (
        article is not None and article.title == "Zwergpinguine kehren nach Phillip Island zurück"
    )
    assert (seeds_dir / "pinguine.txt").read_text(encoding="utf-8") == PENGUINS
    assert [path.name for path in seeds_dir.iterdir() if path.name.startswith(".")] == []
    assert len(load_articles(seeds_dir).articles) == 2


def test_an_existing_file_is_kept_unless_overwrite_is_confirmed(seeds_dir: Path) -> None:
    (seeds_dir / "pinguine.txt").write_text("alt", encoding="utf-8")

    assert save_article(seeds_dir, "pinguine.txt", PENGUINS.encode(), overwrite=False) is None
    assert (seeds_dir / "pinguine.txt").read_text(encoding="utf-8") == "alt"
    assert save_article(seeds_dir, "pinguine.txt", PENGUINS.encode(), overwrite=True) is not None
    assert (seeds_dir / "pinguine.txt").read_text(encoding="utf-8") == PENGUINS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Titel\nkein Datum\nText\n", "falsch.txt:2: not a date"),
        (b"Titel\n2024-01-01\n", "falsch.txt:3: no body"),
        ("Titel\n2024-01-01\nÜber\n".encode("latin-1"), "falsch.txt:3: not UTF-8 text"),
        (b"\x00\x01binary", "falsch.txt:1: binary content"),
    ],
)
def test_an_invalid_article_is_reported_with_its_name_and_line_and_not_saved(
    seeds_dir: Path, content: bytes, message: str
) -> None:
    before = sorted(seeds_dir.iterdir())

    with pytest.raises(ArticleError) as error:
        save_article(seeds_dir, "falsch.txt", content, overwrite=True)

    assert str(error.value).startswith(message)
    assert sorted(seeds_dir.iterdir()) == before
