"""Speed and agreement of our sentence splitter against SoMaJo on the 10kGNAD test articles.

SoMaJo is the most accurate German splitter we measured but far too slow to load the corpus
with, so it serves here as the reference that tells us where our fast rules go wrong.
Run with ``python -m bench.splitter [--data DIR]``; SoMaJo is a dev-only dependency.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from knowledge.sentences import split_sentences

DATA_FILE = "10kgnad-test.csv"
CONTEXT = 60


def load_texts(data: Path, limit: int | None) -> list[str]:
    """The article texts of the 10kGNAD test split, one paragraph each (`label;'text'`)."""
    with (data / DATA_FILE).open(encoding="utf-8", newline="") as file:
        texts = [row[1] for row in csv.reader(file, delimiter=";", quotechar="'") if len(row) > 1]
    return texts[:limit] if limit is not None else texts


def our_boundaries(text: str) -> list[int]:
    """End offsets of our sentences, found back in the text because we return substrings."""
    ends: list[int] = []
    position = 0
    for sentence in split_sentences(text):
        position = text.index(sentence, position) + len(sentence)
        ends.append(position)
    return ends


def somajo_splitter() -> Callable[[str], list[int]] | None:
    """SoMaJo's sentence end offsets per text, or None when the dev dependency is missing."""
    try:
        from somajo import SoMaJo
    except ImportError:
        return None
    tokenizer = SoMaJo("de_CMC", character_offsets=True)

    def boundaries(text: str) -> list[int]:
        return [
            int(sentence[-1].character_offset[1]) for sentence in tokenizer.tokenize_text([text])
        ]

    return boundaries


def timed(
    split: Callable[[str], list[int]], texts: Sequence[str], repeat: int = 1
) -> tuple[list[list[int]], float]:
    """All boundaries and the fastest of ``repeat`` runs, so a busy machine skews less."""
    best = float("inf")
    result: list[list[int]] = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = [split(text) for text in texts]
        best = min(best, time.perf_counter() - start)
    return result, best


def internal(ends: list[int], text: str) -> set[int]:
    """Boundaries inside the text; the paragraph end is one for every splitter alike."""
    end = len(text.rstrip())
    return {offset for offset in ends if offset < end}


def show(text: str, offset: int) -> str:
    """A boundary in context, marked where it falls."""
    before = text[max(0, offset - CONTEXT) : offset].replace("\n", " ")
    after = text[offset : offset + CONTEXT].replace("\n", " ").strip()
    return f"    …{before} ‖ {after}…"


def main(argv: list[str] | None = None) -> int:
    """Print both speeds, agreement both ways and examples of disagreement to look into."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/data"), help="folder with " + DATA_FILE
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--examples", type=int, default=8, help="disagreements to print per side")
    args = parser.parse_args(argv)

    path = args.data / DATA_FILE
    if not path.is_file():
        print(f"error: {path} not found; pass --data DIR", file=sys.stderr)
        return 2
    texts = load_texts(args.data, args.limit)
    count = len(texts)
    if not count:
        print(f"error: no articles in {path}", file=sys.stderr)
        return 2
    print(f"{count} articles from {path}, {sum(map(len, texts)) / count:.0f} characters each")

    ours, ours_seconds = timed(our_boundaries, texts, repeat=5)
    print(
        f"ours:   {ours_seconds / count * 1000:8.3f} ms/article ({ours_seconds:.2f} s, best of 5)"
    )

    somajo = somajo_splitter()
    if somajo is None:
        print("SoMaJo is not installed (pip install SoMaJo): measured ours only, no agreement")
        return 0
    reference, somajo_seconds = timed(somajo, texts)
    print(f"SoMaJo: {somajo_seconds / count * 1000:8.3f} ms/article ({somajo_seconds:.2f} s total)")
    print(f"ours is {somajo_seconds / ours_seconds:.0f}x faster")

    shared = ours_total = reference_total = 0
    missed: list[str] = []
    extra: list[str] = []
    for text, our_ends, reference_ends in zip(texts, ours, reference, strict=True):
        mine, theirs = internal(our_ends, text), internal(reference_ends, text)
        shared += len(mine & theirs)
        ours_total += len(mine)
        reference_total += len(theirs)
        missed.extend(show(text, offset) for offset in sorted(theirs - mine))
        extra.extend(show(text, offset) for offset in sorted(mine - theirs))

    print(f"boundaries: SoMaJo {reference_total}, ours {ours_total}, shared {shared}")
    print(f"SoMaJo boundaries we also produce: {shared / max(reference_total, 1):.2%}")
    print(f"our boundaries SoMaJo also produces: {shared / max(ours_total, 1):.2%}")
    sample = random.Random(0)
    for title, cases in (("only SoMaJo splits", missed), ("only we split", extra)):
        print(f"{title} ({len(cases)}), for example:")
        for case in sample.sample(cases, min(args.examples, len(cases))):
            print(case)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
