"""The benchmark harness keeps working: a 20-question run of it, and its pieces one by one.

The tests that read the shared benchmark data skip when it is absent; everything else
runs on a few sentences written here.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from bench import quality, speed, threshold
from bench.baselines import Bm25Baseline, FuzzBaseline
from bench.datasets import (
    XQUAD_FILES,
    DataError,
    folder_corpus,
    link_article_folder,
    load_seed,
    load_xquad,
    write_article_folder,
)
from bench.engine import EngineRanker, best_score, load_engine, load_folder
from bench.metrics import gold_rank, paired_bootstrap, recall_at, reciprocal_ranks
from bench.questions import as_typed_on_phone, keyword_questions, with_typos
from knowledge import KnowledgeBase

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
DATA = PROJECT_ROOT.parent / "shared" / "data"
EVAL = PROJECT_ROOT.parent / "shared" / "eval"
SAMPLE = 20

needs_data = pytest.mark.skipif(
    not (DATA.is_dir() and EVAL.is_dir()),
    reason=f"benchmark data not found: {DATA} and {EVAL} (the shared folder beside the project)",
)

GNAD_ROWS = [
    ("Wirtschaft", "Die Bahn erhöht die Preise. Pendler zahlen ab Juni mehr für Monatskarten."),
    ("Sport", "Rapid gewinnt das Derby. Das Siegtor fiel in der letzten Minute."),
    ("Kultur", "Das Burgtheater zeigt Nestroy. Die Premiere war ausverkauft."),
]


@needs_data
def test_quality_runs_on_a_sample_and_prints_every_method_and_dataset_then_reader_questions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["--data", str(DATA), "--eval", str(EVAL), "--seeds", str(SEEDS)]
    # Without the encoder: encoding the 21,600 reader sentences takes many minutes.
    lexical = ["--encoder", "off", "--data-dir", str(tmp_path)]
    assert quality.main([*argv, *lexical, "--limit", str(SAMPLE), "--resamples", "50"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    methods = {(row[0], row[1]) for row in rows if len(row) > 2}
    for dataset in ["seed", "xquad-de", "xquad-de+typos", "xquad-de+phone", "xquad-en"]:
        for method in ["engine", "bm25s", "rapidfuzz"]:
            assert (dataset, method) in methods
    engine_german = next(row for row in rows if row[:2] == ["xquad-de", "engine"])
    assert engine_german[2] == str(SAMPLE)
    assert all(0 <= float(figure) <= 1 for figure in engine_german[3:8])
    reader_german = next(row for row in rows if row[:2] == ["all", "German"])
    assert reader_german[2] == "280"


@needs_data
def test_threshold_runs_on_a_sample(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(DATA), "--eval", str(EVAL), "--seeds", str(SEEDS)]
    assert threshold.main([*argv, "--limit", str(SAMPLE), "--folds", "1"]) == 0
    out = capsys.readouterr().out
    assert f"{SAMPLE} XQuAD-R questions" in out
    assert "best: min_score" in out


@needs_data
def test_xquad_gold_is_the_given_sentence_in_which_the_answer_starts() -> None:
    path = DATA / XQUAD_FILES["de"]
    corpus, questions = load_xquad(path, language="de")
    answers = [
        qa["answers"][0]["text"]
        for entry in json.loads(path.read_text(encoding="utf-8"))["data"]
        for paragraph in entry["paragraphs"]
        for qa in paragraph["qas"]
    ]
    assert (len(corpus.sentences), len(questions.questions)) == (1276, 1190)
    for question, answer in zip(questions.questions, answers, strict=True):
        assert question.gold is not None
        assert answer.split()[0] in corpus.sentences[question.gold].text


@needs_data
def test_best_score_decides_refusal_exactly_as_the_engine_does() -> None:
    corpus, questions = load_seed(SEEDS, EVAL)
    searcher = load_engine(corpus)
    for question in questions.questions:
        answered = bool(searcher.search(question.text, k=1))
        threshold = searcher.default_min_score
        assert answered == (best_score(searcher, question.text) >= threshold)


def test_missing_data_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data", str(tmp_path), "--eval", str(tmp_path), "--seeds", str(SEEDS)]
    for module in (quality, speed, threshold):
        assert module.main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: missing benchmark data") and err.count("\n") == 1


def test_engine_and_baselines_rank_an_exact_sentence_first(tmp_path: Path) -> None:
    folder = write_article_folder(tmp_path / "articles", GNAD_ROWS, seeds=SEEDS)
    corpus = folder_corpus("tiny", folder)
    position = corpus.texts.index("Das Siegtor fiel in der letzten Minute.")
    rankers = [
        EngineRanker(load_engine(corpus), corpus.sentences),
        Bm25Baseline(corpus.texts, language="de"),
        FuzzBaseline(corpus.texts),
    ]
    for ranker in rankers:
        assert ranker.rank_all([corpus.texts[position]], k=3)[0][0] == position


def test_article_copies_load_under_their_own_names_and_titles(tmp_path: Path) -> None:
    folder = write_article_folder(tmp_path / "articles", GNAD_ROWS, seeds=SEEDS, copies=2)
    knowledge = KnowledgeBase(folder)
    report = knowledge.reload()
    assert (report.articles, report.errors) == (1 + 2 * len(GNAD_ROWS), ())
    titles = [article.title for article in knowledge.articles]
    assert "Rapid gewinnt das Derby." in titles and "Rapid gewinnt das Derby. (2)" in titles


def test_linked_folders_load_as_one_corpus_and_a_name_clash_is_an_error(tmp_path: Path) -> None:
    articles = write_article_folder(tmp_path / "articles", GNAD_ROWS, seeds=tmp_path / "none")
    folder = link_article_folder(tmp_path / "both", [SEEDS, articles])
    seed_ids = {path.stem for path in SEEDS.glob("*.txt")}
    loaded = {article.id for article in load_folder(folder).articles}
    assert loaded == seed_ids | {path.stem for path in articles.glob("*.txt")}
    with pytest.raises(DataError, match="already in the corpus"):
        link_article_folder(tmp_path / "twice", [SEEDS, SEEDS])


def test_speed_measures_load_memory_and_latency(tmp_path: Path) -> None:
    folder = write_article_folder(tmp_path / "articles", GNAD_ROWS, seeds=SEEDS)
    texts = folder_corpus("tiny", folder).texts
    workload = speed.Workload("tiny", folder, ("Wer gewinnt das Derby?",), tuple(texts[:2]))
    for method in ("engine", "bm25s"):
        measured = speed.measure(workload, method)
        assert (measured.articles, measured.sentences) == (4, len(texts))
        assert measured.load_seconds > 0 and len(measured.latencies_ms) == 1


def test_speed_pools_runs_into_their_median_load_and_all_their_latencies() -> None:
    runs = [
        speed.Measurement("tiny", "engine", 1, 2, seconds, 10 * seconds, latencies)
        for seconds, latencies in ((1.0, (1.0, 2.0)), (3.0, (9.0,)), (2.0, (3.0,)))
    ]

    pooled = speed.pooled(runs)

    assert (pooled.load_seconds, pooled.memory_mb) == (2.0, 20.0)
    assert sorted(pooled.latencies_ms) == [1.0, 2.0, 3.0, 9.0]
    assert pooled.figures[2] == 2.5


def test_speed_needs_at_least_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        speed.main(["--runs", "0"])

    assert exit_info.value.code == 2
    assert "--runs must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    "question",
    ["Wie viele Punkte gab die Verteidigung ab?", "Wofür braucht Müller größere Straßen?", "Ja"],
)
def test_typos_touch_at_most_two_long_words_with_one_edit_each(question: str) -> None:
    typed = with_typos(question, random.Random(question))
    assert typed == with_typos(question, random.Random(question))
    changed = [(a, b) for a, b in zip(question.split(), typed.split(), strict=True) if a != b]
    assert len(changed) <= 2
    for original, misspelled in changed:
        assert len(original.strip("?")) >= 5
        assert Levenshtein.distance(original, misspelled) <= 2  # ß -> ss is two edits


def test_phone_typing_drops_case_punctuation_and_umlauts_and_splits_at_hyphens() -> None:
    assert (
        as_typed_on_phone("Wofür gibt's Straßen-Geld, Ärzte?") == "wofur gibts strassen geld arzte"
    )


def test_keyword_questions_are_reproducible_content_words() -> None:
    texts = [text for _, text in GNAD_ROWS]
    questions = keyword_questions(texts, 5, seed=3, typo_share=0.0)
    assert questions == keyword_questions(texts, 5, seed=3, typo_share=0.0)
    assert all(4 <= len(question.split()) <= 8 for question in questions)
    assert not any(word in {"die", "der", "das"} for q in questions for word in q.split())


def test_metrics_of_known_ranks() -> None:
    ranks = [gold_rank([4, 2, 9], 2), gold_rank([1], 1), gold_rank([3], 5)]
    assert ranks == [2, 1, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 3)
    assert recall_at(ranks, 3) == pytest.approx(2 / 3)
    assert reciprocal_ranks(ranks).tolist() == [0.5, 1.0, 0.0]


def test_bootstrap_interval_holds_the_mean_and_is_a_point_for_equal_methods() -> None:
    ours = reciprocal_ranks([1, 2, None, 1, 3])
    theirs = reciprocal_ranks([2, 2, None, None, 1])
    interval = paired_bootstrap(ours, theirs, resamples=200)
    assert interval.low <= interval.mean <= interval.high
    same = paired_bootstrap(ours, ours, resamples=200)
    assert (same.mean, same.low, same.high) == (0.0, 0.0, 0.0)


def test_threshold_choice_minimises_the_sum_of_both_errors() -> None:
    answerable, unanswerable = [0.9, 0.6, 0.3], [0.2, 0.5]
    rates = [threshold.error_rates(answerable, unanswerable, t) for t in threshold.THRESHOLDS]
    best = threshold.best_threshold(rates)
    assert best.threshold == 0.55
    assert (best.wrongly_refused, best.wrongly_answered) == (pytest.approx(1 / 3), 0.0)
