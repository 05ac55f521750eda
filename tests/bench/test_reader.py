"""The reader benchmark scores what a reader would see: right article, right text, honest doubt.

Metrics are checked on canned hits from a fake searcher; the command on a two-article
folder written here, with the real engine. One test reads the shared eval set, and skips
when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import reader, reader_questions
from bench.datasets import FIXED_DATE
from bench.reader import Honesty, Outcome, Share, evaluate, reader_table, row_cells
from bench.reader_questions import (
    GERMAN_KINDS,
    HELD_OUT_ARTICLES,
    ReaderQuestion,
    load_reader_questions,
)
from knowledge import DEFAULT_MIN_SCORE, Article, Hit, Sentence

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
EVAL = PROJECT_ROOT.parent / "shared" / "eval"

SURE = 0.9
BELOW_THRESHOLD = DEFAULT_MIN_SCORE / 2


def sentence(article_id: str, text: str) -> Sentence:
    """A one-sentence article of that id."""
    article = Article(
        id=article_id, title=article_id, date=FIXED_DATE, author=None, url=None, paragraphs=(text,)
    )
    return Sentence(text=text, article=article, paragraph=1, position=1)


def hit(article_id: str, text: str, score: float = SURE) -> Hit:
    return Hit(sentence(article_id, text), score, matched=(), before=None, after=None)


def question(
    text: str, *, kind: str = "direct", article: str = "a", expected: str | None = "Rapid"
) -> ReaderQuestion:
    return ReaderQuestion(text, kind, article, expected, None if expected is None else "1.1")


class CannedSearcher:
    """Hits fixed per question, cut by threshold and k as the engine cuts them."""

    def __init__(self, hits: dict[str, list[Hit]]) -> None:
        self._hits = hits

    default_min_score = DEFAULT_MIN_SCORE

    def search(self, question: str, *, k: int = 3, min_score: float | None = None) -> list[Hit]:
        threshold = self.default_min_score if min_score is None else min_score
        return [hit for hit in self._hits.get(question, []) if hit.score >= threshold][:k]


def outcome(asked: ReaderQuestion, hits: list[Hit]) -> Outcome:
    searcher = CannedSearcher({asked.question: hits})
    return evaluate(lambda _: searcher, [asked])[0]


def test_a_right_answer_at_rank_two_counts_for_r3_not_r1() -> None:
    asked = question("Wer gewann?")
    result = outcome(asked, [hit("a", "Das Derby war voll."), hit("a", "Rapid gewann.")])
    assert (result.rank, result.ranking_rank, result.refused) == (2, 2, False)
    assert row_cells([result]) == ["1", "0.000", "1.000", "0%", "100%", "1.000"]


def test_the_expected_text_in_another_article_is_wrong() -> None:
    asked = question("Wer gewann?")
    result = outcome(asked, [hit("b", "Rapid gewann auch dort.")])
    assert (result.rank, result.ranking_rank, result.right_article) == (None, None, False)


def test_a_refusal_has_no_rank_but_its_ranking_still_counts_for_r10() -> None:
    asked = question("Wer gewann?")
    result = outcome(asked, [hit("a", "Rapid gewann.", BELOW_THRESHOLD)])
    assert (result.refused, result.sure, result.rank, result.ranking_rank) == (
        True,
        False,
        None,
        1,
    )
    assert row_cells([result]) == ["1", "0.000", "0.000", "100%", "0%", "1.000"]


def test_honesty_counts_a_sure_answer_to_the_unanswerable_as_a_wrong_sure_answer() -> None:
    outcomes = [
        outcome(question("right, sure"), [hit("a", "Rapid gewann.")]),
        outcome(question("wrong, sure"), [hit("a", "Das Derby war voll.")]),
        outcome(
            question("right, in doubt"),
            [Hit(sentence("a", "Rapid gewann."), SURE, (), None, None, sure=False)],
        ),
        outcome(question("refused", kind="typo"), []),
        outcome(question("answered", kind="unanswerable", expected=None), [hit("a", "Rapid.")]),
        outcome(question("refused", kind="unanswerable", expected=None), []),
        outcome(question("English, sure", kind="english"), [hit("b", "Rapid.")]),
    ]
    assert Honesty.of(outcomes) == Honesty(
        unanswerable_refused=Share(1, 2),
        unanswerable_sure=Share(1, 2),
        answerable_refused=Share(1, 4),
        sure_precision=Share(1, 3),
    )
    assert str(Share(1, 4)) == "1/4 (25%)"


def test_the_table_has_a_row_per_kind_then_german_dev_and_held_out() -> None:
    held_out = HELD_OUT_ARTICLES[0]
    outcomes = [
        outcome(question("dev", article="a"), [hit("a", "Rapid gewann.")]),
        outcome(question("held out", kind="typo", article=held_out), [hit("a", "Rapid.")]),
        outcome(question("no", kind="unanswerable", expected=None), []),
        outcome(question("en", kind="english"), []),
    ]
    rows = [line.split("  ")[0].strip() for line in reader_table(outcomes).splitlines()[2:]]
    assert rows == [
        "direct",
        "typo",
        "unanswerable",
        "english",
        "all German",
        "German dev",
        "German held-out",
    ]
    lines = reader_table(outcomes).splitlines()
    assert lines[-2].split()[2:4] == ["1", "1.000"]
    assert lines[-1].split()[2:4] == ["1", "0.000"]


def test_questions_load_with_no_expected_text_for_the_unanswerable(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    rows = [
        {
            "question": "Wer?",
            "expected": "Rapid",
            "article": "a",
            "sentence": "1.2",
            "kind": "typo",
        },
        {
            "question": "Wo?",
            "expected": None,
            "article": "a",
            "sentence": None,
            "kind": "unanswerable",
        },
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows) + "\n", encoding="utf-8")
    assert load_reader_questions(path) == [
        ReaderQuestion("Wer?", "typo", "a", "Rapid", "1.2"),
        ReaderQuestion("Wo?", "unanswerable", "a", None, None),
    ]


def write_layout(folder: Path, questions: list[dict[str, str | None]]) -> list[str]:
    """A data and an eval folder as the command reads them; its arguments."""
    articles = folder / "data" / reader_questions.READER_ARTICLES_FOLDER
    articles.mkdir(parents=True)
    (articles / "derby.txt").write_text(
        "Derby\n2020-01-01\nRapid gewinnt das Wiener Derby. Das Siegtor fiel spät.\n",
        encoding="utf-8",
    )
    (articles / "oper.txt").write_text(
        "Oper\n2020-01-01\nDie Staatsoper zeigt eine neue Tosca.\n", encoding="utf-8"
    )
    (folder / "eval").mkdir()
    lines = "".join(json.dumps(row) + "\n" for row in questions)
    (folder / "eval" / reader_questions.READER_QUESTIONS_FILE).write_text(lines, encoding="utf-8")
    return ["--data", str(folder / "data"), "--eval", str(folder / "eval"), "--seeds", str(SEEDS)]


def test_the_command_asks_seeds_and_reader_articles_and_writes_every_outcome(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = write_layout(
        tmp_path,
        [
            {
                "question": "Wann fiel das Siegtor?",
                "expected": "Das Siegtor fiel spät",
                "article": "derby",
                "sentence": "1.2",
                "kind": "direct",
            },
            {
                "question": "Welche Oper zeigt die Staatsoper?",
                "expected": "eine neue Tosca",
                "article": "oper",
                "sentence": "1.1",
                "kind": "keyword",
            },
        ],
    )
    out = tmp_path / "outcomes.json"
    shipped = ["--shipped", "--encoder", "off", "--data-dir", str(tmp_path)]
    assert reader.main([*argv, *shipped, "--json-out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "all German" in printed and "2/2 (100%)" in printed
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [(record["article"], record["rank"]) for record in records] == [
        ("derby", 1),
        ("oper", 1),
    ]
    assert records[1]["first_text"] == "Die Staatsoper zeigt eine neue Tosca."


def test_a_question_about_an_article_not_loaded_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = {"question": "Wer?", "expected": "x", "article": "gone", "sentence": "1.1"}
    argv = write_layout(tmp_path, [{**asked, "kind": "direct"}])
    assert reader.main([*argv, "--encoder", "off", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: missing benchmark data: articles gone not loaded\n"


@pytest.mark.skipif(not EVAL.is_dir(), reason=f"eval data not found: {EVAL}")
def test_held_out_articles_are_every_fourth_of_the_eval_articles_in_sorted_order() -> None:
    questions = load_reader_questions(EVAL / reader_questions.READER_QUESTIONS_FILE)
    articles = sorted({asked.article for asked in questions})
    assert len(articles) == 40 and tuple(articles[::4]) == HELD_OUT_ARTICLES
    assert {asked.kind for asked in questions} >= set(GERMAN_KINDS)
