"""How fast the engine loads and answers, and how much memory its index takes, against bm25s.

Usage: `python -m bench.speed [--data DIR] [--eval DIR] [--seeds DIR] [--scale N] [--runs N]
[--section all|lexical|encoder] [--encoder bundled|off|PATH] [--data-dir DIR] [--build-vectors]`
(or `make bench-speed`). Then the encoder section (`bench.speed_encoder`): the cost targets
of issue 13 with the encoder on, against the lexical engine in the same process.

The lexical section: Corpora: the seed article; XQuAD-R German (its 1,276 given
sentences); the seed plus the 1,028 articles of 10kGNAD; and that corpus N times
(default 10, about 10,000 articles). The 10kGNAD articles are written as article files
to a temporary folder and loaded through `KnowledgeBase.reload`, so loading is measured
as the bot does it: reading, parsing, splitting and indexing.

Each measurement runs in a fresh process: the memory figure is the growth of its
resident set while loading, which an earlier measurement's freed memory would hide.
Latency is per question, single-threaded, after a warm-up with other questions.

Every figure pools several such processes (`--runs`, default 3), the engine's and
bm25s's taking turns: on a shared 2-core machine, one process's median for the same
code moved between 0.56 and 1.03 ms as the machine's state changed.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np
import psutil

from bench.baselines import Bm25Baseline
from bench.datasets import (
    GNAD_FILE,
    XQUAD_FILES,
    Corpus,
    DataError,
    add_data_arguments,
    folder_corpus,
    load_seed,
    load_xquad,
    read_gnad,
    require,
    write_article_folder,
)
from bench.engine import load_engine
from bench.questions import keyword_questions
from bench.reader_questions import add_encoder_arguments
from bench.report import figure, table
from bench.speed_encoder import run_section
from knowledge.memory import release_freed_memory

TOP_K = 3
WARMUP_QUESTIONS = 20
GNAD_QUESTIONS = 200
RUNS = 3
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Workload:
    """A corpus, by path so a fresh process can load it, and the questions to time on it."""

    name: str
    source: Path
    questions: tuple[str, ...]
    warmup: tuple[str, ...]

    def corpus(self) -> Corpus:
        """An article folder, or the German XQuAD-R file with its given sentences."""
        if self.source.is_dir():
            return folder_corpus(self.name, self.source)
        return load_xquad(self.source, language="de")[0]


@dataclass(frozen=True, slots=True)
class Measurement:
    """One method on one corpus."""

    corpus: str
    method: str
    articles: int
    sentences: int
    load_seconds: float
    memory_mb: float
    latencies_ms: tuple[float, ...]

    @property
    def figures(self) -> tuple[float, ...]:
        """Load seconds, memory MB, and median, p95 and p99 latency in ms."""
        latency = np.percentile(self.latencies_ms, [50, 95, 99])
        return (self.load_seconds, self.memory_mb, *(float(ms) for ms in latency))


def resident_mb() -> float:
    """This process's resident set, after a collection so that garbage does not count."""
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


def clock(
    load: Callable[[], T], ask: Callable[[T, str], object], workload: Workload
) -> tuple[float, float, tuple[float, ...]]:
    """Load time, resident-set growth while loading, and per-question latencies in ms.

    The growth is read after freed heap memory is handed back, for every method alike: the
    engine's reload does that itself, and what a load merely passed through is not what the
    index holds."""
    before = resident_mb()
    started = time.perf_counter()
    loaded = load()
    load_seconds = time.perf_counter() - started
    release_freed_memory()
    memory = resident_mb() - before
    for question in workload.warmup:
        ask(loaded, question)
    latencies: list[float] = []
    for question in workload.questions:
        started = time.perf_counter()
        ask(loaded, question)
        latencies.append(1000 * (time.perf_counter() - started))
    return load_seconds, memory, tuple(latencies)


def measure(workload: Workload, method: Literal["engine", "bm25s"]) -> Measurement:
    """Load one corpus with one method and time its questions; meant for a fresh process."""
    corpus = workload.corpus()
    if method == "engine":
        timing = clock(
            lambda: load_engine(corpus), lambda engine, q: engine.search(q, k=TOP_K), workload
        )
    else:
        timing = clock(
            lambda: Bm25Baseline(corpus.texts, language=corpus.language, backend="numba"),
            lambda bm25, q: bm25.rank_all([q], k=TOP_K),
            workload,
        )
    articles = len({sentence.article.id for sentence in corpus.sentences})
    return Measurement(workload.name, method, articles, len(corpus.sentences), *timing)


def in_fresh_process(workload: Workload, method: Literal["engine", "bm25s"]) -> Measurement:
    """`measure` in a new interpreter, whose memory no earlier measurement has touched."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, workload, method).result()


def pooled(runs: Sequence[Measurement]) -> Measurement:
    """One method on one corpus over several runs: the median load time and memory, and the
    latencies of all runs together, so the percentiles describe the code rather than one
    moment of the machine."""
    first = runs[0]
    return Measurement(
        first.corpus,
        first.method,
        first.articles,
        first.sentences,
        float(np.median([run.load_seconds for run in runs])),
        float(np.median([run.memory_mb for run in runs])),
        tuple(chain.from_iterable(run.latencies_ms for run in runs)),
    )


def measured_in_turns(workload: Workload, runs: int) -> tuple[Measurement, Measurement]:
    """The engine and bm25s on one workload, each in `runs` fresh processes, taking turns so
    that both meet the same states of the machine."""
    engine: list[Measurement] = []
    bm25: list[Measurement] = []
    for run in range(1, runs + 1):
        engine.append(in_fresh_process(workload, "engine"))
        bm25.append(in_fresh_process(workload, "bm25s"))
        # Progress on stderr, with each run's median: the spread between runs is the
        # machine's, and worth seeing.
        medians = "; ".join(
            f"{m.method} load {m.load_seconds:.2f} s, median {m.figures[2]:.3f} ms"
            for m in (engine[-1], bm25[-1])
        )
        print(f"  run {run}/{runs}: {medians}", file=sys.stderr)
    return pooled(engine), pooled(bm25)


def warmup_for(corpus: Corpus) -> tuple[str, ...]:
    """Warm-up questions unlike the timed ones, so no timed question finds its own cache."""
    return tuple(keyword_questions(corpus.texts, WARMUP_QUESTIONS, seed=1))


def workloads(args: argparse.Namespace, folder: Path) -> list[Workload]:
    """The four corpora with their questions; the 10kGNAD ones are written below `folder`."""
    seed, seed_set = load_seed(args.seeds, args.eval)
    seed_questions = tuple(q.text for q in seed_set.questions)
    xquad_file = require(args.data / XQUAD_FILES["de"], "--data")
    xquad, xquad_questions = load_xquad(xquad_file, language="de")
    gnad = read_gnad(args.data / GNAD_FILE)
    single = write_article_folder(folder / "x1", gnad, seeds=args.seeds)
    scaled = write_article_folder(
        folder / f"x{args.scale}", gnad, seeds=args.seeds, copies=args.scale
    )
    gnad_corpus = folder_corpus("seed+10kGNAD", single)
    # The same questions for both sizes, so the two rows differ only in the corpus.
    sampled = keyword_questions(gnad_corpus.texts, GNAD_QUESTIONS, seed=0)
    gnad_questions = (*sampled, *seed_questions)
    gnad_warmup = warmup_for(gnad_corpus)
    return [
        Workload("seed", args.seeds, seed_questions, warmup_for(seed)),
        Workload(
            "xquad-de",
            xquad_file,
            tuple(q.text for q in xquad_questions.questions),
            warmup_for(xquad),
        ),
        Workload("seed+10kGNAD", single, gnad_questions, gnad_warmup),
        Workload(f"seed+10kGNAD x{args.scale}", scaled, gnad_questions, gnad_warmup),
    ]


def ratio(ours: float, reference: float) -> str:
    """Our figure as a multiple of the reference's; `-` where the reference is about zero."""
    return f"{ours / reference:.1f}x" if reference > 1e-9 else "-"


def speed_table(pairs: Sequence[tuple[Measurement, Measurement]]) -> str:
    """The engine and bm25s on each corpus, and below them the ratio of their figures."""
    rows: list[list[str]] = []
    for engine, bm25 in pairs:
        for m in (engine, bm25):
            counts = [m.corpus, m.method, str(m.articles), str(m.sentences)]
            rows.append(
                [
                    *counts,
                    figure(m.load_seconds),
                    figure(m.memory_mb, 1),
                    *map(figure, m.figures[2:]),
                ]
            )
        ratios = (
            ratio(ours, theirs) for ours, theirs in zip(engine.figures, bm25.figures, strict=True)
        )
        rows.append(["", "engine/bm25s", "", "", *ratios])
    header = [
        "corpus",
        "method",
        "articles",
        "sentences",
        "load s",
        "index MB",
        "median ms",
        "p95 ms",
        "p99 ms",
    ]
    return table(header, rows, text_columns=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument(
        "--scale", type=int, default=10, help="copies of 10kGNAD in the large corpus"
    )
    parser.add_argument(
        "--runs", type=int, default=RUNS, help="fresh processes pooled per method and corpus"
    )
    parser.add_argument(
        "--section",
        choices=("all", "lexical", "encoder"),
        default="all",
        help="the lexical engine against bm25s, the encoder's cost targets, or both",
    )
    add_encoder_arguments(parser)
    parser.add_argument(
        "--build-vectors",
        action="store_true",
        help="with no vector cache under --data-dir, build it (about 30 minutes) instead of "
        "skipping the encoder section",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    status = lexical_section(args) if args.section != "encoder" else 0
    if status == 0 and args.section != "lexical":
        status = run_section(args)
    return status


def lexical_section(args: argparse.Namespace) -> int:
    """The engine (encoder off) against bm25s on the four corpora."""
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as folder:
        try:
            planned = workloads(args, Path(folder))
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        pairs: list[tuple[Measurement, Measurement]] = []
        for workload in planned:
            # Progress on stderr: the large corpus takes minutes to load.
            print(f"measuring {workload.name}", file=sys.stderr)
            pairs.append(measured_in_turns(workload, args.runs))
    print(speed_table(pairs))
    print(
        f"\nload s: the engine from files (read, parse, split, index) for folders and from the "
        f"given sentences for XQuAD-R;\n  bm25s (numba backend; per question it tokenises and "
        f"retrieves) from the sentence texts.\n"
        f"index MB: resident-set growth while loading, each in a fresh process.\n"
        f"Each row pools {args.runs} fresh processes: load s and index MB are their median; the "
        f"latencies are\n  all their questions together.\n"
        f"latency: top {TOP_K} per question, single thread, after {WARMUP_QUESTIONS} warm-up "
        f"questions; 10kGNAD: {GNAD_QUESTIONS} keyword questions\n"
        f"  (a quarter with a typo) plus the seed questions."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
