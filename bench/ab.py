"""Paired latency: the engine of a baseline revision against the working tree, question by question.

Usage: `python -m bench.ab [--baseline REV] [--questions N] [--data DIR] [--seeds DIR]`
(or `make bench-ab BASELINE=REV`; default `HEAD`, so uncommitted work is compared
with the last commit).

On a shared 2-core machine the same code's median moves by a fifth from one run to
the next, more than most changes are worth, so two `bench.speed` runs cannot tell
them apart. Here both engines load seed + 10kGNAD, each in its own process (the
baseline's `knowledge/` taken from `git archive`), and each question is put to
both in turn, alternating which goes first, on the same core: both see the same
machine at the same moment (on different cores, the same code differed by 3%). Each
process times its own searches. The change is the geometric mean of the
per-question ratios, with a bootstrap 95% interval over the questions; the same
code gives 1.00 with an interval around it. The absolute figures include a switch
between processes before every question, which leaves the caches colder than
`bench.speed`'s back-to-back questions: compare them with each other only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import multiprocessing
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from bench.metrics import paired_bootstrap
from bench.report import figure, table

TOP_K = 3
WARMUP_QUESTIONS = 20
PROJECT = Path(__file__).resolve().parents[1]


def serve(root: str, folder: str, warmup: Sequence[str], connection: Connection) -> None:
    """Load the articles with the `knowledge` package under `root`, then time each question
    sent until None comes; meant for a fresh process, which has imported no `knowledge`."""
    if hasattr(os, "sched_setaffinity"):
        # Both engines on the same core: cores differ in what else runs on them.
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    sys.path.insert(0, root)
    import knowledge

    base = knowledge.KnowledgeBase(Path(folder))
    base.reload()
    for question in warmup:
        base.search(question, k=TOP_K)
    connection.send(knowledge.__file__)
    while (question := connection.recv()) is not None:
        started = time.perf_counter()
        base.search(question, k=TOP_K)
        connection.send(1000 * (time.perf_counter() - started))


def baseline_source(revision: str, folder: Path) -> Path:
    """`knowledge/` as it was at a revision, unpacked under `folder`."""
    archive = subprocess.run(
        ["git", "archive", revision, "knowledge"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as unpacked:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            unpacked.extractall(folder, filter="data")
        else:
            unpacked.extractall(folder)
    return folder


def paired_latencies(
    roots: Sequence[Path], folder: Path, questions: Sequence[str], warmup: Sequence[str]
) -> list[list[float]]:
    """Each question's latency in ms on each engine, asked of them in alternating order."""
    context = multiprocessing.get_context("spawn")
    links = [context.Pipe() for _ in roots]
    workers = [
        context.Process(target=serve, args=(str(root), str(folder), tuple(warmup), child))
        for root, (_, child) in zip(roots, links, strict=True)
    ]
    for worker, (_, child) in zip(workers, links, strict=True):
        worker.start()
        # Only the worker holds its end now: if it dies, `recv` below ends instead of waiting.
        child.close()
    try:
        for root, (parent, _) in zip(roots, links, strict=True):
            loaded = Path(parent.recv())
            if not loaded.is_relative_to(root):
                raise RuntimeError(f"a worker imported {loaded}, not the engine under {root}")
        latencies: list[list[float]] = [[] for _ in roots]
        for number, question in enumerate(questions):
            order = range(len(roots)) if number % 2 == 0 else reversed(range(len(roots)))
            for engine in order:
                links[engine][0].send(question)
                latencies[engine].append(links[engine][0].recv())
        return latencies
    except EOFError as error:
        raise RuntimeError("an engine's process ended early; its traceback is above") from error
    finally:
        for (parent, _), worker in zip(links, workers, strict=True):
            with contextlib.suppress(OSError):
                parent.send(None)
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()


def report(names: Sequence[str], latencies: Sequence[Sequence[float]]) -> str:
    """Median and p95 of each engine, and the change from the first to the second."""
    rows = [
        [name, *(figure(float(ms)) for ms in np.percentile(values, [50, 95]))]
        for name, values in zip(names, latencies, strict=True)
    ]
    logs = [np.log(np.asarray(values)) for values in latencies]
    change = paired_bootstrap(logs[1], logs[0])
    summary = (
        f"{names[1]} / {names[0]}: {math.exp(change.mean):.3f}x per question "
        f"(geometric mean), 95% interval [{math.exp(change.low):.3f}, {math.exp(change.high):.3f}]"
    )
    return table(["engine", "median ms", "p95 ms"], rows) + "\n\n" + summary


def main(argv: list[str] | None = None) -> int:
    # Imported here: the worker processes import this module afresh and must not load
    # the working tree's `knowledge` before `serve` has put the baseline first.
    from bench.datasets import (
        GNAD_FILE,
        DataError,
        add_data_arguments,
        folder_corpus,
        read_gnad,
        write_article_folder,
    )
    from bench.questions import keyword_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--baseline", default="HEAD", help="git revision to compare with")
    parser.add_argument("--questions", type=int, default=600, help="questions to ask")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as scratch:
        try:
            gnad = read_gnad(args.data / GNAD_FILE)
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        folder = write_article_folder(Path(scratch) / "articles", gnad, seeds=args.seeds)
        texts = folder_corpus("seed+10kGNAD", folder).texts
        baseline = baseline_source(args.baseline, Path(scratch) / "baseline")
        latencies = paired_latencies(
            [baseline, PROJECT],
            folder,
            keyword_questions(texts, args.questions, seed=1),
            keyword_questions(texts, WARMUP_QUESTIONS, seed=2),
        )
    print(report([f"baseline {args.baseline}", "working tree"], latencies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
