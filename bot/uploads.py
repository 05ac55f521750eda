"""Article files that admins send: checked exactly as a reload will read them, then saved.

A file is staged in a hidden folder inside the seeds folder (which a reload does not
read), parsed there by the knowledge base's own reader, and only then moved into
place: by a hard link when it must not overwrite (which fails atomically if the name
is taken, even against a concurrent upload) or by `os.replace` when an admin
confirmed. Either way a reload never sees half a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from knowledge import Article
from knowledge.articles import ARTICLE_SUFFIX, read_article

MAX_ARTICLE_BYTES = 1_000_000
"""Far above any news article; a bigger file is a mistake, not an article."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class UploadProblem(Exception):
    """Why a document cannot become an article, in one line for the admin."""


@dataclass(frozen=True, slots=True)
class PendingUpload:
    """A checked article waiting for the admin to confirm overwriting a file of the same name."""

    file_name: str
    content: bytes
    admin_id: int


def safe_file_name(name: str | None) -> str:
    """A plain `NAME.txt` inside the seeds folder, whatever path or characters were sent."""
    base = (name or "").replace("\\", "/").rpartition("/")[2]
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" != ARTICLE_SUFFIX:
        raise UploadProblem(f"Ich nehme nur {ARTICLE_SUFFIX}-Dateien im Artikelformat an.")
    stem = _UNSAFE.sub("_", stem).strip("._")[:100]
    if not stem:
        raise UploadProblem("Die Datei braucht einen Namen vor .txt.")
    return stem + ARTICLE_SUFFIX


def check_size(size: int | None) -> None:
    if size is not None and size > MAX_ARTICLE_BYTES:
        raise UploadProblem(
            f"Die Datei ist größer als {MAX_ARTICLE_BYTES // 1000} kB; das ist kein Artikel."
        )


def save_article(
    seeds_dir: Path, file_name: str, content: bytes, *, overwrite: bool
) -> Article | None:
    """Check and save an article; None when the name is taken and `overwrite` is false.

    Raises `ArticleError` (naming `file_name` and the line) when the content is not an article.
    """
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=seeds_dir) as staging:
        staged = Path(staging) / file_name
        staged.write_bytes(content)
        article = read_article(staged)
        target = seeds_dir / file_name
        if overwrite:
            os.replace(staged, target)
            return article
        try:
            os.link(staged, target)
        except FileExistsError:
            return None
        return article
