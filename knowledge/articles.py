"""Article files: the one format the bot reads, and the errors a person can act on.

An article file is UTF-8 text: line 1 the title, line 2 the date, an optional
`Autor:` line and optional `Quelle:`/`URL:` lines (`Quelle: dpa` names where the article
comes from, `Quelle: https://…` links it), then one paragraph per non-empty line. A file
that does not fit is reported as `FILE:LINE: what is wrong`, so the person who maintains
the seeds can fix it, and the rest of the folder still loads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIX = ".txt"

_AUTHOR = re.compile(r"^(?:Autor(?:in)?|Author|Von)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?:Quelle|Source)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_URL = re.compile(r"^(?:URL|Link)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GERMAN_DATE = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")
_WEB_ADDRESS = re.compile(r"^https?://\S+$")
_LINK_LIKE = re.compile(r"://|^www\.", re.IGNORECASE)
SOURCE_NAME_LIMIT = 60
"""Characters a source name may have (`Deutsche Presse-Agentur (dpa)`): a longer `Quelle: …`
line is a sentence of the text that happens to start with that word."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OTHER_SEPARATORS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What `str.splitlines` also splits on but editors show within a line: text pasted from web
pages and word processors brings U+2028 and form feeds, and line numbers must match the editor's."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article as the bot cites it: everything a source line needs, and its paragraphs."""

    id: str
    title: str
    date: dt.date
    author: str | None
    url: str | None
    paragraphs: tuple[str, ...]
    file_name: str = ""
    source: str | None = None
    """Where the article comes from when that is a name, not a link (`dpa`, `Reuters`)."""

    @property
    def byline(self) -> str | None:
        """Author and source as a source line shows them (`Laura, dpa`), or None."""
        return ", ".join(part for part in (self.author, self.source) if part) or None


class ArticleError(Exception):
    """A problem in one article file, located so that a person can fix it."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}: {message}" if line is None else f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class LoadedArticles:
    """What a folder gave: the articles that parsed, and one error per file that did not."""

    articles: tuple[Article, ...]
    errors: tuple[ArticleError, ...]


def article_id(file_name: str) -> str:
    """The id is the file's stem, so it survives reloads and edits of the file's content."""
    return Path(file_name).stem


def parse_date(text: str) -> dt.date:
    """Accept ISO dates and the German `24.12.2024`; raise ValueError for anything else."""
    text = text.strip()
    if _ISO_DATE.match(text):
        return dt.date.fromisoformat(text)
    german = _GERMAN_DATE.match(text)
    if german:
        return dt.date(int(german["year"]), int(german["month"]), int(german["day"]))
    raise ValueError(text)


def parse_article(text: str, *, file_name: str) -> Article:
    """Parse the text of one article file; raise ArticleError naming the offending line."""
    if "\x00" in text:
        raise ArticleError(file_name, 1, "binary content (NUL byte), not a text file")
    # Once the other separators are spaces, splitlines splits at line breaks alone.
    lines = _OTHER_SEPARATORS.sub(" ", text.removeprefix("\ufeff")).splitlines()
    numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1)]
    content = [(number, line) for number, line in numbered if line]
    if not content:
        raise ArticleError(file_name, 1, "empty file: expected a title line")

    (title_line, title), rest = content[0], content[1:]
    if not rest:
        raise ArticleError(
            file_name, title_line + 1, "missing date line (expected 2024-12-24 or 24.12.2024)"
        )
    date_line, date_text = rest[0]
    try:
        date = parse_date(date_text)
    except ValueError:
        raise ArticleError(
            file_name, date_line, f"not a date: {date_text!r} (expected 2024-12-24 or 24.12.2024)"
        ) from None

    author: str | None = None
    url: str | None = None
    source: str | None = None
    body = rest[1:]
    while body:
        number, line = body[0]
        if author_match := _AUTHOR.match(line):
            author = author_match["value"].strip() or author
        elif source_match := _SOURCE.match(line):
            value = source_match["value"].strip()
            if _LINK_LIKE.search(value):
                url = _web_address(value, file_name, number)
            elif len(value) > SOURCE_NAME_LIMIT:
                break
            else:
                source = value or source
        elif url_match := _URL.match(line):
            value = url_match["value"].strip()
            url = _web_address(value, file_name, number) if value else url
        else:
            break
        body = body[1:]

    if not body:
        raise ArticleError(
            file_name, len(lines) + 1, "no body: expected paragraphs after the header"
        )
    return Article(
        id=article_id(file_name),
        title=title,
        date=date,
        author=author,
        url=url,
        paragraphs=tuple(line for _, line in body),
        file_name=file_name,
        source=source,
    )


def _web_address(value: str, file_name: str, line: int) -> str:
    """The value of a link header, which must be a whole web address: a typo in it would
    otherwise show as a source name or a broken link."""
    if not _WEB_ADDRESS.match(value):
        raise ArticleError(file_name, line, f"not a web address: {value!r}")
    return value


def shown_name(path: Path | str) -> str:
    """A path as text that can be shown and sent anywhere.

    A file name that is not UTF-8 (`Bürger.txt` from a Windows zip archive) reaches Python
    with surrogate escapes, which no reply, log line or button can encode; its undecodable
    bytes are shown as escapes (`B\\xfcrger.txt`) instead: the same on every reload, so its
    id stays stable, and different for different names (`Größe`, `Grüße`), so ids stay unique.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_article(path: Path) -> Article:
    """Read and parse one file, turning undecodable bytes into a located ArticleError."""
    name = shown_name(path.name)
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleError(name, 1, "binary content (NUL byte), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(_LINE_BREAK.findall(data[: error.start].decode("utf-8"))) + 1
        raise ArticleError(name, line, "not UTF-8 text") from None
    return parse_article(text, file_name=name)


def is_article_file(path: Path) -> bool:
    """`.txt` in any case, as uploads accept it."""
    return path.suffix.lower() == ARTICLE_SUFFIX and path.is_file()


def article_files(folder: Path) -> list[Path]:
    """The folder's article files in a stable order, so ids and rankings are reproducible."""
    return sorted(path for path in folder.iterdir() if is_article_file(path))


def load_articles(folder: Path) -> LoadedArticles:
    """Load every article file of a folder; a broken file costs only itself."""
    try:
        paths = article_files(folder)
    except FileNotFoundError:
        return LoadedArticles(
            articles=(), errors=(ArticleError(shown_name(folder), None, "no such folder"),)
        )
    except NotADirectoryError:
        return LoadedArticles(
            articles=(), errors=(ArticleError(shown_name(folder), None, "not a folder"),)
        )
    except OSError as error:
        unreadable = ArticleError(shown_name(folder), None, f"cannot read folder: {error.strerror}")
        return LoadedArticles(articles=(), errors=(unreadable,))
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for path in paths:
        try:
            articles.append(read_article(path))
        except ArticleError as error:
            errors.append(error)
        except OSError as error:
            errors.append(
                ArticleError(shown_name(path.name), None, f"cannot read: {error.strerror}")
            )
    return LoadedArticles(articles=tuple(articles), errors=tuple(errors))
