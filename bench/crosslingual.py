"""English questions about German articles: XQuAD-R's English questions asked of its German
paragraphs, as an English-speaking reader asks a German archive.

Usage: `python -m bench.crosslingual [--data DIR] [--encoder bundled|off] [--data-dir DIR]`
(also a section of `make bench-quality`). XQuAD-R gives every question in both languages
for the same paragraphs, in the same order, so an English question's gold answer is the
German sentence its German twin's answer starts in. Each question is ranked by the answerer
with the shipped model of the encoder setting and, in the same run, without the encoder,
so the line says what the encoder adds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.datasets import (
    XQUAD_FILES,
    Corpus,
    DataError,
    Question,
    QuestionSet,
    add_data_arguments,
    load_xquad,
)
from bench.metrics import RANKING_DEPTH, gold_rank, recall_at
from bench.reader_questions import add_encoder_arguments
from bench.report import table, timed
from knowledge.answerer import Answerer, Semantics
from knowledge.encoder import load_encoder
from knowledge.model import model_for
from knowledge.search import SentenceIndex
from knowledge.semantic import SentenceVectors
from knowledge.vectors import VECTOR_FOLDER, VectorCache


@dataclass(frozen=True, slots=True)
class Crosslingual:
    """The German paragraphs and the English questions whose gold points into them."""

    corpus: Corpus
    questions: QuestionSet


def load_crosslingual(data: Path) -> Crosslingual:
    """German XQuAD-R sentences, English questions with their German twins' gold."""
    german, german_questions = load_xquad(data / XQUAD_FILES["de"], language="de")
    _, english_questions = load_xquad(data / XQUAD_FILES["en"], language="en")
    if len(german_questions.questions) != len(english_questions.questions):
        raise DataError("XQuAD-R de and en do not hold the same questions")
    asked = tuple(
        Question(text=english.text, gold=twin.gold, kind="xquad-en>de")
        for english, twin in zip(
            english_questions.questions, german_questions.questions, strict=True
        )
    )
    return Crosslingual(german, QuestionSet("xquad-en>de", asked))


def answerers(suite: Crosslingual, encoder_setting: str, data_dir: Path) -> list[Answerer]:
    """The answerer without the encoder, and with it when the setting gives one."""
    index = SentenceIndex(suite.corpus.sentences)
    found = [Answerer(index, model_for(None))]
    encoder = load_encoder(encoder_setting)
    if encoder is None:
        return found
    cache = VectorCache(data_dir / VECTOR_FOLDER, encoder)
    vectors = SentenceVectors.of(
        cache.vectors([sentence.text for sentence in index.sentences]),
        cache.vectors([article.title for article in index.articles]),
        index.article_of,
    )
    return [*found, Answerer(index, model_for(encoder), Semantics(encoder, vectors))]


def ranks(answerer: Answerer, suite: Crosslingual) -> list[int | None]:
    """The rank of each question's gold sentence in the answerer's first `RANKING_DEPTH`."""
    position_of = {id(sentence): number for number, sentence in enumerate(answerer.index.sentences)}
    found: list[int | None] = []
    for question in suite.questions.questions:
        hits = answerer.search(question.text, k=RANKING_DEPTH, min_score=0.0)
        ranking = [position_of[id(hit.sentence)] for hit in hits]
        found.append(None if question.gold is None else gold_rank(ranking, question.gold))
    return found


def report(suite: Crosslingual, found: Sequence[Answerer]) -> str:
    """One row per answerer: R@1, R@3 and the time per question."""
    rows = []
    for answerer in found:
        ranked, seconds = timed(partial(ranks, answerer, suite))
        name = "encoder" if answerer.semantics is not None else "words only"
        rows.append(
            [
                name,
                str(len(ranked)),
                f"{recall_at(ranked, 1):.3f}",
                f"{recall_at(ranked, 3):.3f}",
                f"{1000 * seconds / max(len(ranked), 1):.1f}",
            ]
        )
    return table(["XQuAD-R en>de", "n", "R@1", "R@3", "ms/question"], rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crosslingual", description=__doc__)
    add_data_arguments(parser)
    add_encoder_arguments(parser)
    args = parser.parse_args(argv)
    try:
        suite = load_crosslingual(args.data)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report(suite, answerers(suite, args.encoder, args.data_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
