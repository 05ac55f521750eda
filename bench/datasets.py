"""The benchmark data as the engine's own objects: articles, located sentences, gold answers.

Every benchmark is a `Corpus` (the sentences a method may answer with) and a
`QuestionSet` whose gold answers point into it, so the engine and the baselines are
scored on exactly the same candidates. The data is read from the shared folder in
place; article files the speed benchmark needs are written to a temporary folder.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge import Article, Sentence, corpus_sentences, load_articles
from knowledge.articles import article_files
from knowledge.sentences import split_sentences

XQUAD_FILES = {"de": "xquad-r-de.json", "en": "xquad-r-en.json"}
GNAD_FILE = "10kgnad-test.csv"
SEED_QUESTIONS_FILE = "seed_questions.jsonl"
FIXED_DATE = dt.date(2020, 1, 1)
"""Benchmark articles have no real date; one fixed date keeps them valid and comparable."""


class DataError(Exception):
    """Benchmark data that is missing or unusable; the message says which file and what to pass."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """The candidate sentences of one benchmark, in a fixed order that gold answers index.

    `folder` is set when the corpus is a folder of article files, so the engine can be
    loaded from it the way the bot loads its seeds.
    """

    name: str
    language: str
    sentences: tuple[Sentence, ...]
    folder: Path | None = None

    @property
    def texts(self) -> list[str]:
        """The sentence texts, for the baselines, which know nothing of articles."""
        return [sentence.text for sentence in self.sentences]


@dataclass(frozen=True, slots=True)
class Question:
    """A question and the position of its answering sentence; `gold` None means no answer."""

    text: str
    gold: int | None
    kind: str


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """Questions asked against one corpus under one name (a row group in the reports)."""

    name: str
    questions: tuple[Question, ...]

    def spread(self, count: int | None) -> QuestionSet:
        """`count` questions evenly spread over the set (all for None), for quick runs and tests.

        Spread rather than the first ones, so a sample still holds every kind of question.
        """
        total = len(self.questions)
        if count is None or count >= total:
            return self
        return QuestionSet(
            self.name, tuple(self.questions[i * total // count] for i in range(count))
        )


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The folders every benchmark reads, with defaults that work from the project root."""
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="data folder")
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"), help="eval folder")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seed articles folder")


def require(path: Path, option: str) -> Path:
    """Fail early, with the option that fixes it, instead of deep inside a benchmark."""
    if not path.is_file():
        raise DataError(f"missing benchmark data: {path} not found (pass {option} DIR)")
    return path


def load_xquad(path: Path, *, language: str) -> tuple[Corpus, QuestionSet]:
    """XQuAD-R with its own sentence boundaries: one article per paragraph.

    The given boundaries are used, not our splitter, so the benchmark measures ranking
    alone. The gold sentence is the one in which the first answer starts.
    """
    data = json.loads(require(path, "--data").read_text(encoding="utf-8"))
    name = f"xquad-{language}"
    sentences: list[Sentence] = []
    questions: list[Question] = []
    for entry in data["data"]:
        title = entry["title"].replace("_", " ")
        for number, paragraph in enumerate(entry["paragraphs"], start=1):
            article = Article(
                id=f"{entry['title']}#{number}",
                title=title,
                date=FIXED_DATE,
                author=None,
                url=None,
                paragraphs=(paragraph["context"],),
            )
            first = len(sentences)
            sentences.extend(
                Sentence(text=text, article=article, paragraph=1, position=position)
                for position, text in enumerate(paragraph["sentences"], start=1)
            )
            starts = [start for start, _ in paragraph["sentence_breaks"]]
            for qa in paragraph["qas"]:
                answer_start = qa["answers"][0]["answer_start"]
                gold = first + bisect.bisect_right(starts, answer_start) - 1
                questions.append(Question(text=qa["question"], gold=gold, kind=name))
    return Corpus(name, language, tuple(sentences)), QuestionSet(name, tuple(questions))


def folder_corpus(name: str, folder: Path) -> Corpus:
    """The sentences of a folder of article files, split as `KnowledgeBase.reload` splits them."""
    articles = load_articles(folder).articles
    if not articles:
        raise DataError(f"missing benchmark data: no article files in {folder} (pass --seeds DIR)")
    return Corpus(name, "de", tuple(corpus_sentences(articles)), folder=folder)


def load_seed(seeds: Path, eval_folder: Path) -> tuple[Corpus, QuestionSet]:
    """The seed articles, as the bot loads them, and the seed eval set asked of them."""
    corpus = folder_corpus("seed", seeds)
    return corpus, load_seed_questions(eval_folder / SEED_QUESTIONS_FILE, corpus)


def load_seed_questions(path: Path, corpus: Corpus) -> QuestionSet:
    """The seed eval set; a question's gold is the sentence that contains its `expected` text."""
    questions: list[Question] = []
    for line in require(path, "--eval").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        expected: str | None = row["expected"]
        gold = None if expected is None else _containing(corpus.sentences, expected, path)
        questions.append(Question(text=row["question"], gold=gold, kind=row["kind"]))
    return QuestionSet("seed", tuple(questions))


def _containing(sentences: Sequence[Sentence], expected: str, source: Path) -> int:
    for position, sentence in enumerate(sentences):
        if expected in sentence.text:
            return position
    raise DataError(f"{source}: no seed sentence contains {expected!r}; fix the eval set or seeds")


def read_gnad(path: Path) -> list[tuple[str, str]]:
    """10kGNAD rows as (label, text): `;`-separated, `'`-quoted, no header line."""
    with require(path, "--data").open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file, delimiter=";", quotechar="'")
        return [(row[0], row[1]) for row in rows if len(row) > 1 and row[1].strip()]


def write_article_folder(
    folder: Path, gnad: Sequence[tuple[str, str]], *, seeds: Path, copies: int = 1
) -> Path:
    """The seeds plus `copies` renamed copies of every 10kGNAD article, as article files.

    Written as files so the speed benchmark measures the bot's real load path: reading,
    parsing, splitting and indexing. Copies get their own names and titles, as ten
    years of similar news would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(seeds.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for copy in range(copies):
        suffix = f" ({copy + 1})" if copy else ""
        for row, (label, text) in enumerate(gnad):
            paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
            title = split_sentences(paragraphs[0])[0] + suffix
            header = [title, FIXED_DATE.isoformat(), f"Autor: 10kGNAD {label}"]
            path = folder / f"gnad_{copy:02d}_{row:04d}.txt"
            path.write_text("\n".join(header + paragraphs) + "\n", encoding="utf-8")
    return folder


def link_article_folder(folder: Path, sources: Sequence[Path]) -> Path:
    """One folder linking to the article files of several, since the engine reloads from one.

    Links rather than copies: the files are read where they are, so the benchmark sees
    exactly the shared data. Two files of one name would be one article id, and the
    later would hide the earlier, so a clash is an error rather than a smaller corpus.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        try:
            files = article_files(source)
        except OSError as error:
            message = f"missing benchmark data: cannot read {source} ({error.strerror})"
            raise DataError(message) from error
        if not files:
            raise DataError(f"missing benchmark data: no article files in {source}")
        for path in files:
            link = folder / path.name
            if link.exists():
                raise DataError(f"{path}: an article file of this name is already in the corpus")
            link.symlink_to(path.resolve())
    return folder
