"""Article files: the one format the bot reads, and `FILE:LINE: what is wrong` for the rest."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from knowledge import Article, ArticleError, load_articles, parse_article
from tests.knowledge.conftest import SEED_FILE, ArticleFolder


def parse(text: str) -> Article:
    return parse_article(text, file_name="artikel.txt")


# The format


def test_seed_file_parses_to_title_date_author_and_five_paragraphs(seed_article: Article) -> None:
    assert seed_article.title.startswith("Elon Musk sammelt erneut Milliarden")
    assert seed_article.date == dt.date(2024, 12, 24)
    assert seed_article.author == "Laura"
    assert seed_article.url is None
    assert len(seed_article.paragraphs) == 5
    assert seed_article.paragraphs[0].startswith("Elon Musk, der visionäre Unternehmer")
    assert seed_article.id == SEED_FILE.stem
    assert seed_article.file_name == SEED_FILE.name


def test_every_non_empty_line_after_the_header_is_one_paragraph() -> None:
    article = parse(
        "Titel\n2024-12-24\nAutor: Laura\n\n  Erster Absatz.  \n\n\nZweiter Absatz.\n\n"
    )

    assert article.paragraphs == ("Erster Absatz.", "Zweiter Absatz.")


@pytest.mark.parametrize("written", ["2024-12-24", "24.12.2024", " 2024-12-24 "])
def test_date_is_iso_or_german(written: str) -> None:
    assert parse(f"Titel\n{written}\nText.").date == dt.date(2024, 12, 24)


@pytest.mark.parametrize(
    "line", ["Autor: Laura Meier", "Author: Laura Meier", "autor :  Laura Meier"]
)
def test_author_line_accepts_autor_and_author(line: str) -> None:
    assert parse(f"Titel\n2024-12-24\n{line}\nText.").author == "Laura Meier"


def test_author_line_is_optional() -> None:
    article = parse("Titel\n2024-12-24\nText.")

    assert article.author is None
    assert article.paragraphs == ("Text.",)


@pytest.mark.parametrize("line", ["Quelle: https://example.org/a", "URL: https://example.org/a"])
def test_source_line_gives_the_link(line: str) -> None:
    assert parse(f"Titel\n2024-12-24\n{line}\nText.").url == "https://example.org/a"


@pytest.mark.parametrize("line", ["Quelle: dpa", "Source: dpa", "quelle:dpa"])
def test_a_source_that_is_no_web_address_names_where_the_article_comes_from(line: str) -> None:
    article = parse(f"Titel\n2024-12-24\nAutor: Laura\n{line}\nText.")

    assert (article.source, article.url, article.byline) == ("dpa", None, "Laura, dpa")
    assert article.paragraphs == ("Text.",)


def test_a_long_line_starting_with_quelle_is_a_paragraph_not_a_source() -> None:
    sentence = "Quelle: Die Polizei teilte am Montag mit, dass niemand verletzt wurde."

    article = parse(f"Titel\n2024-12-24\n{sentence}\nText.")

    assert (article.source, article.paragraphs) == (None, (sentence, "Text."))


@pytest.mark.parametrize("line", ["Autor:", "Quelle:", "URL:", "Link: "])
def test_an_empty_header_line_gives_nothing_and_is_no_paragraph(line: str) -> None:
    article = parse(f"Titel\n2024-12-24\n{line}\nText.")

    assert (article.author, article.source, article.url) == (None, None, None)
    assert article.paragraphs == ("Text.",)


def test_an_empty_header_line_keeps_what_an_earlier_one_gave() -> None:
    headers = "Autor: Laura\nQuelle: dpa\nURL: https://example.org/a\nAutor:\nQuelle:\nURL:"

    article = parse(f"Titel\n2024-12-24\n{headers}\nText.")

    assert (article.author, article.source, article.url) == (
        "Laura",
        "dpa",
        "https://example.org/a",
    )


def test_a_source_name_and_a_link_may_both_be_given() -> None:
    article = parse("Titel\n2024-12-24\nQuelle: Reuters\nURL: https://example.org/a\nText.")

    assert (article.source, article.url, article.byline) == (
        "Reuters",
        "https://example.org/a",
        "Reuters",
    )


def test_header_lines_come_in_any_order_and_are_not_paragraphs() -> None:
    article = parse("Titel\n2024-12-24\nQuelle: https://example.org/a\nAutor: Laura\nText.")

    assert (article.author, article.url, article.paragraphs) == (
        "Laura",
        "https://example.org/a",
        ("Text.",),
    )


def test_utf8_bom_and_windows_line_endings_are_fine(seeds: ArticleFolder) -> None:
    seeds.write_raw(
        "bom.txt", "\ufeffTitel\r\n2024-12-24\r\nAutor: Laura\r\nÄrger über Straßen.\r\n".encode()
    )

    (article,) = load_articles(seeds.path).articles

    assert article.title == "Titel"
    assert article.paragraphs == ("Ärger über Straßen.",)


SEPARATORS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_only_line_breaks_end_a_line_other_separators_are_spaces(separator: str) -> None:
    article = parse(f"Titel{separator}Teil zwei\r2024-12-24\nErster{separator}Absatz.\r\nZweiter.")

    assert article.title == "Titel Teil zwei"
    assert article.paragraphs == ("Erster Absatz.", "Zweiter.")


@pytest.mark.parametrize("separator", SEPARATORS)
def test_line_numbers_in_errors_count_only_line_breaks(separator: str) -> None:
    with pytest.raises(ArticleError, match=r"^artikel\.txt:2: not a date"):
        parse(f"Titel{separator}Teil zwei\n2024-13-24\nText.")


def test_article_id_is_the_file_name_stem_and_survives_edits(seeds: ArticleFolder) -> None:
    seeds.write("2024_xai.txt", "Erste Fassung.")
    first = load_articles(seeds.path).articles[0]
    seeds.write("2024_xai.txt", "Zweite Fassung.", title="Neuer Titel")
    second = load_articles(seeds.path).articles[0]

    assert first.id == second.id == "2024_xai"


# A folder


def test_folder_loads_its_txt_files_in_file_name_order(seeds: ArticleFolder) -> None:
    seeds.write("b.txt", "Text b.")
    seeds.write("a.txt", "Text a.")
    seeds.write_raw("notizen.md", "Keine Artikeldatei.")
    (seeds.path / "unterordner.txt").mkdir()

    loaded = load_articles(seeds.path)

    assert [article.id for article in loaded.articles] == ["a", "b"]
    assert loaded.errors == ()


def test_upper_case_txt_files_are_articles_too(seeds: ArticleFolder) -> None:
    seeds.write("GROSS.TXT", "Text.")

    assert [article.id for article in load_articles(seeds.path).articles] == ["GROSS"]


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped(tmp_path: Path) -> None:
    """Such names (`Größe.txt` from a Windows zip) reach Python with surrogate escapes, which
    no reply or button can encode; the ids stay the same on every reload, and unique."""
    for name in (b"Gr\xf6\xdfe.txt", b"Gr\xfc\xdfe.txt"):
        (tmp_path / os.fsdecode(name)).write_text("Titel\n2024-12-24\nText.\n")
    (tmp_path / os.fsdecode(b"kaputt\xe4.txt")).write_text("Titel\nkein Datum\nText.\n")

    loaded = load_articles(tmp_path)

    assert [(a.id, a.file_name) for a in loaded.articles] == [
        ("Gr\\xf6\\xdfe", "Gr\\xf6\\xdfe.txt"),
        ("Gr\\xfc\\xdfe", "Gr\\xfc\\xdfe.txt"),
    ]
    assert [str(error).encode() for error in loaded.errors] == [
        b"kaputt\\xe4.txt:2: not a date: 'kein Datum' (expected 2024-12-24 or 24.12.2024)"
    ]


def test_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    loaded = load_articles(tmp_path / "fehlt")

    assert loaded.articles == ()
    assert [str(error) for error in loaded.errors] == [f"{tmp_path / 'fehlt'}: no such folder"]


def test_a_file_given_as_the_folder_is_reported_not_raised(seeds: ArticleFolder) -> None:
    path = seeds.write("artikel.txt", "Text.")

    assert [error.message for error in load_articles(path).errors] == ["not a folder"]


def test_an_unreadable_folder_is_reported_not_raised(
    seeds: ArticleFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path) -> None:
        # What a folder without read permission does; root, which runs CI, ignores modes.
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    loaded = load_articles(seeds.path)

    assert [error.message for error in loaded.errors] == ["cannot read folder: Permission denied"]


# Files that do not fit: each reported as FILE:LINE and skipped, the others still load

BROKEN_FILES = [
    pytest.param(b"", 1, "empty", id="empty"),
    pytest.param(b"\n  \n\t\n", 1, "empty", id="only-blank-lines"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "binary", id="binary"),
    pytest.param(
        "Titel\n2024-12-24\nGrüße aus Köln\n".encode("latin-1"), 3, "not UTF-8", id="latin-1"
    ),
    pytest.param(
        "Titel\r2024-12-24\rGrüße aus Köln\r".encode("latin-1"), 3, "not UTF-8", id="latin-1-cr"
    ),
    pytest.param(b"Nur ein Titel\n", 2, "missing date", id="no-date-line"),
    pytest.param(b"\n\n\nMein Titel\n", 5, "missing date", id="no-date-after-a-late-title"),
    pytest.param(b"Titel\n2024-12-24\nAutor: Laura\n", 4, "no body", id="no-body"),
    pytest.param(b"Titel\n2024-12-24\n", 3, "no body", id="no-body-no-author"),
    pytest.param(b"Titel\nHeiligabend\nText.\n", 2, "not a date", id="word-for-date"),
    pytest.param(b"Titel\n2024-13-45\nText.\n", 2, "not a date", id="iso-out-of-range"),
    pytest.param(b"Titel\n31.02.2024\nText.\n", 2, "not a date", id="german-out-of-range"),
    pytest.param(b"Titel\n\nAutor: Laura\nText.\n", 3, "not a date", id="author-for-date"),
    pytest.param(b"Titel\n2024-12-24\nURL: Zeitung\nText.\n", 3, "not a web address", id="bad-url"),
    pytest.param(
        b"Titel\n2024-12-24\nQuelle: www.spiegel.de/a\nText.\n",
        3,
        "not a web address",
        id="no-scheme",
    ),
    pytest.param(
        b"Titel\n2024-12-24\nQuelle: https://spiegel.de/a b\nText.\n",
        3,
        "not a web address",
        id="space",
    ),
]


@pytest.mark.parametrize(("content", "line", "problem"), BROKEN_FILES)
def test_broken_file_is_reported_with_file_and_line_and_the_others_still_load(
    seeds: ArticleFolder, content: bytes, line: int, problem: str
) -> None:
    seeds.write("a_gut.txt", "Ein guter Absatz.")
    seeds.write_raw("b_kaputt.txt", content)
    seeds.write("c_gut.txt", "Noch ein guter Absatz.")

    loaded = load_articles(seeds.path)

    assert [article.id for article in loaded.articles] == ["a_gut", "c_gut"]
    (error,) = loaded.errors
    assert (error.file, error.line) == ("b_kaputt.txt", line)
    assert str(error).startswith(f"b_kaputt.txt:{line}: ")
    assert problem in error.message


def test_parse_error_is_an_article_error_naming_file_and_line() -> None:
    with pytest.raises(ArticleError, match=r"^kaputt\.txt:2: not a date: 'morgen'"):
        parse_article("Titel\nmorgen\nText.", file_name="kaputt.txt")
