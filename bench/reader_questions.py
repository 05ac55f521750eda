"""The reader eval set: questions as readers type them, about 40 articles of the archive.

Shared by the benchmark that asks them (`bench.reader`) and the fitting of the answer
models (`bench.fit`), which must both read them the same way and leave the same
held-out articles alone.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.datasets import DataError, link_article_folder, require
from knowledge import Hit, KnowledgeBase, Sentence
from knowledge.encoder import load_encoder
from knowledge.model import BUNDLED, OFF, AnswerModel
from knowledge.vectors import VECTOR_FOLDER

READER_QUESTIONS_FILE = "reader_questions.jsonl"
READER_ARTICLES_FOLDER = "reader-articles"
GERMAN_KINDS = ("direct", "paraphrase", "colloquial", "topic", "typo", "keyword", "number")
"""The answerable German kinds: the questions the bot is for, pooled in the `all German` row."""
UNANSWERABLE = "unanswerable"
ENGLISH = "english"
HELD_OUT_ARTICLES = (
    "gnad_00_00018",
    "gnad_00_00159",
    "gnad_00_00258",
    "gnad_00_00351",
    "gnad_00_00567",
    "gnad_00_00621",
    "gnad_00_00677",
    "gnad_00_00745",
    "gnad_00_00901",
    "gnad_00_00930",
)
"""Articles whose questions no choice made by hand may look at (cue words, weights, fitting).

Every fourth of the eval set's 40 article ids in sorted order: picked by a rule, not by
looking at any article's results, and written out rather than computed, so that neither
an edit of the eval file nor a later wish for easier articles can move them. Their row
is the honest estimate of how a tuned engine does on questions it was not tuned on;
code that fits or chooses anything on the reader set must leave these articles out.
"""


@dataclass(frozen=True, slots=True)
class ReaderQuestion:
    """One reader question; `expected` and `sentence` are None for an unanswerable one.

    `sentence` is where the answer stands (`paragraph.position`), kept for reading
    errors; scoring uses only `article` and `expected`, which survive a splitter change.
    """

    question: str
    kind: str
    article: str
    expected: str | None
    sentence: str | None

    @property
    def answerable(self) -> bool:
        """The article answers it (an unanswerable question has no expected text)."""
        return self.expected is not None

    def answered_by(self, sentence: Sentence) -> bool:
        """The sentence is one of this question's article and holds the expected text."""
        return (
            self.expected is not None
            and sentence.article.id == self.article
            and self.expected in sentence.text
        )

    def is_right(self, hit: Hit) -> bool:
        """The hit's sentence answers this question (`answered_by`)."""
        return self.answered_by(hit.sentence)


def load_reader_questions(path: Path) -> list[ReaderQuestion]:
    """The reader eval set, one JSON object per line, in file order."""
    questions: list[ReaderQuestion] = []
    for line in require(path, "--eval").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            questions.append(
                ReaderQuestion(
                    question=row["question"],
                    kind=row["kind"],
                    article=row["article"],
                    expected=row["expected"],
                    sentence=row["sentence"],
                )
            )
    return questions


def load_reader_engine(
    data: Path,
    seeds: Path,
    questions: Sequence[ReaderQuestion],
    *,
    encoder: str,
    data_dir: Path,
    model: AnswerModel | None = None,
) -> KnowledgeBase:
    """The seeds and every reader article as one knowledge base, as the bot loads them with
    this encoder setting (vectors cached under `data_dir`, built first if new) and `model`
    (None: the shipped one), checked against the questions.

    A question about an article the corpus lacks could never be right; that is a data
    error (wrong `--data`), not a score of zero.
    """
    with tempfile.TemporaryDirectory(prefix="reader-corpus-") as folder:
        linked = link_article_folder(Path(folder), [seeds, data / READER_ARTICLES_FOLDER])
        base = KnowledgeBase(
            linked,
            encoder=load_encoder(encoder),
            vectors_dir=data_dir / VECTOR_FOLDER,
            model=model,
        )
        base.reload()
        base.wait_for_vectors()
    if encoder != OFF and not base.semantic:
        raise DataError(f"encoder {encoder!r} gave no sentence vectors (see the log)")
    loaded = {article.id for article in base.articles}
    missing = sorted({question.article for question in questions} - loaded)
    if missing:
        raise DataError(f"missing benchmark data: articles {', '.join(missing[:3])} not loaded")
    return base


def add_encoder_arguments(parser: argparse.ArgumentParser) -> None:
    """The encoder setting to measure, and where its vectors are cached."""
    parser.add_argument("--encoder", default=BUNDLED, help="bundled (default), off, or a path")
    parser.add_argument(
        "--data-dir", type=Path, default=Path("data"), help="the vector cache's home (BOT_DATA_DIR)"
    )
