"""The paired latency comparison: a revision's engine unpacked, both engines asked in turn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.ab import PROJECT, baseline_source, paired_latencies, report

needs_git = pytest.mark.skipif(
    shutil.which("git") is None
    or subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True).returncode,
    reason="not a git checkout with a commit: no revision to take a baseline from",
)


@needs_git
def test_the_baseline_is_the_knowledge_package_of_the_revision(tmp_path: Path) -> None:
    root = baseline_source("HEAD", tmp_path)

    committed = subprocess.run(
        ["git", "show", "HEAD:knowledge/search.py"], cwd=PROJECT, capture_output=True, check=True
    ).stdout
    assert (root / "knowledge" / "search.py").read_bytes() == committed
    assert not (root / "bot").exists()


def test_each_engine_answers_every_question_in_turn() -> None:
    questions = ["Wer ist Elon Musk?", "Wie viel Geld hat xAI eingesammelt?", "Katar", "Grok"]

    latencies = paired_latencies([PROJECT, PROJECT], PROJECT / "seeds", questions, ["Hallo"])

    assert [len(values) for values in latencies] == [4, 4]
    assert all(ms > 0 for values in latencies for ms in values)


def test_a_worker_that_imports_another_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not the engine under"):
        paired_latencies([tmp_path], PROJECT / "seeds", ["Katar"], [])


def test_an_engine_that_fails_to_load_ends_the_comparison_with_an_error(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "__init__.py").write_text("raise ImportError('broken')\n")

    with pytest.raises(RuntimeError, match="ended early"):
        paired_latencies([tmp_path, PROJECT], PROJECT / "seeds", ["Katar"], [])


def test_the_report_gives_the_change_per_question_as_a_ratio() -> None:
    text = report(["baseline", "working tree"], [[2.0, 4.0, 2.0, 4.0], [1.0, 2.0, 1.0, 2.0]])

    assert "working tree / baseline: 0.500x per question" in text
    assert "[0.500, 0.500]" in text
