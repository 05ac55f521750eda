"""`article-bot ask|chat|check|run`: answers on stdout, problems on stderr, meaningful exit codes.

Every test runs through the shared `env` fixture: an empty working directory and no
`BOT_*` variable, so neither the developer's shell nor a `.env` file can leak in;
seeds are passed by absolute path.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import INTERRUPTED, PIPE_CLOSED, main
from tests.conftest import Env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
SEED_NAME = "000_e435f3c587c77942"
MONEY = "Wie viel Geld hat xAI eingesammelt?"
UNANSWERABLE = "Gib mir ein Rezept für Apfelkuchen"


@dataclass(frozen=True)
class Outcome:
    """What one run of the CLI left behind."""

    code: int
    out: str
    err: str

    def records(self) -> list[dict[str, Any]]:
        """The `--json` output: one object per line."""
        return [json.loads(line) for line in self.out.splitlines()]


Cli = Callable[..., Outcome]


@pytest.fixture(autouse=True)
def clean_settings(env: Env) -> Env:
    """Every test starts from the default settings (see `env` in tests/conftest.py)."""
    return env


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run `article-bot ARGS` in-process with the given standard input."""

    def run(*args: str, stdin: str = "") -> Outcome:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    """A seeds folder without a single article."""
    path = tmp_path / "leer"
    path.mkdir()
    return path


def answer_texts(record: dict[str, Any]) -> list[str]:
    return [answer["text"] for answer in record["answers"]]


# ask


def test_ask_answers_the_question_given_as_arguments(cli: Cli) -> None:
    result = cli("ask", "--seeds", str(SEEDS), *MONEY.split())

    assert result.code == 0
    assert result.out.startswith(f"? {MONEY}\n")
    assert "sechs Milliarden Dollar" in result.out
    assert "2024-12-24 · Laura" in result.out


def test_ask_reads_one_question_per_line_from_stdin(cli: Cli) -> None:
    result = cli("ask", "--json", "--seeds", str(SEEDS), stdin=f"{MONEY}\n\n  Katar  \n")

    assert [record["question"] for record in result.records()] == [MONEY, "Katar"]


def test_ask_json_has_the_documented_shape(cli: Cli) -> None:
    (record,) = cli("ask", "--json", "--seeds", str(SEEDS), MONEY).records()

    assert set(record) == {"question", "answers", "sure"}
    assert isinstance(record["sure"], bool), "whether the first answer is given without doubt"
    assert any("sechs Milliarden Dollar" in text for text in answer_texts(record))
    for answer in record["answers"]:
        assert set(answer) == {"text", "score", "article", "paragraph", "sentence"}
        assert 0 <= answer["score"] <= 1
        assert answer["article"] == {
            "id": SEED_NAME,
            "title": answer["article"]["title"],
            "date": "2024-12-24",
            "author": "Laura",
            "source": None,
            "url": None,
        }
        assert answer["article"]["title"].startswith("Elon Musk sammelt erneut Milliarden")
        assert isinstance(answer["paragraph"], int) and answer["paragraph"] >= 1
        assert isinstance(answer["sentence"], int) and answer["sentence"] >= 1


def test_ask_json_lists_no_answers_for_an_unanswerable_question(cli: Cli) -> None:
    result = cli("ask", "--json", "--seeds", str(SEEDS), UNANSWERABLE)

    assert result.code == 0
    assert result.records() == [{"question": UNANSWERABLE, "answers": [], "sure": None}]


def test_ask_json_answers_a_question_about_an_article_with_the_fact(cli: Cli) -> None:
    question = "Von wem ist der Artikel über xAI?"

    (record,) = cli("ask", "--json", "--seeds", str(SEEDS), question).records()

    assert record == {
        "question": question,
        "answers": [],
        "sure": True,
        "fact": {
            "field": "author",
            "value": "Laura",
            "article": {
                "id": SEED_NAME,
                "title": record["fact"]["article"]["title"],
                "date": "2024-12-24",
                "author": "Laura",
                "source": None,
                "url": None,
            },
        },
    }
    assert record["fact"]["article"]["title"].startswith("Elon Musk sammelt erneut Milliarden")


def test_ask_prints_the_date_of_an_article_and_the_article(cli: Cli) -> None:
    result = cli("ask", "--seeds", str(SEEDS), "When was the article about xAI published?")

    assert result.out.split("\n")[1:3] == [
        "  date: 2024-12-24",
        "     — Elon Musk sammelt erneut Milliarden für bahnbrechende KI-Technologien \u2013 "
        "Was bedeutet das für die Zukunft? · 2024-12-24 · Laura",
    ]


@pytest.mark.parametrize("top", [1, 2])
def test_ask_top_sets_the_number_of_answers(cli: Cli, top: int) -> None:
    (record,) = cli(
        "ask", "--json", "--seeds", str(SEEDS), "--top", str(top), "--min-score", "0", "Katar"
    ).records()

    assert len(record["answers"]) == top
    assert "Katar" in record["answers"][0]["text"]


@pytest.mark.parametrize("place", ["after-ask", "before-ask"])
def test_ask_answers_from_the_seeds_folder_given(cli: Cli, seeds_dir: Path, place: str) -> None:
    (seeds_dir / "leuchtturm.txt").write_text(
        "Leuchtturm\n2024-01-02\nDer Leuchtturm heißt Roter Sand.\n", encoding="utf-8"
    )
    seeds = ["--seeds", str(seeds_dir)]
    args = ["ask", *seeds, "--json"] if place == "after-ask" else [*seeds, "ask", "--json"]

    (record,) = cli(*args, "Wie heißt der Leuchtturm?").records()

    assert answer_texts(record)[0] == "Der Leuchtturm heißt Roter Sand."


def test_ask_warns_about_skipped_files_on_stderr_and_keeps_stdout_json(
    cli: Cli, seeds_dir: Path
) -> None:
    (seeds_dir / "kaputt.txt").write_bytes(b"")

    result = cli("ask", "--json", "--seeds", str(seeds_dir), MONEY)

    assert result.code == 0
    assert len(result.records()) == 1
    assert "kaputt.txt:1:" in result.err


def test_ask_fails_when_no_article_can_be_loaded(cli: Cli, empty_folder: Path) -> None:
    result = cli("ask", "--seeds", str(empty_folder), MONEY)

    assert result.code == 1
    assert "no article could be loaded" in result.err


def test_python_m_bot_ask_json_reads_stdin() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--seeds", str(SEEDS)],
        input=f"{MONEY}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    (record,) = [json.loads(line) for line in finished.stdout.splitlines()]
    (answer,) = [
        answer for answer in record["answers"] if "sechs Milliarden Dollar" in answer["text"]
    ]
    assert answer["article"]["title"].startswith("Elon Musk sammelt erneut Milliarden")
    assert (answer["article"]["date"], answer["article"]["author"]) == ("2024-12-24", "Laura")


def ask_process() -> subprocess.Popen[bytes]:
    """`python -m bot ask --json` on the seeds, with every stream a pipe."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "--seeds", str(SEEDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_ask_stops_quietly_when_its_reader_goes_away() -> None:
    """`article-bot ask < questions.txt | head -1`: no traceback, the shell's SIGPIPE code."""
    process = ask_process()
    assert process.stdin and process.stdout and process.stderr
    # Fits the stdin pipe at once; the answers do not fit stdout's, so the bot is still
    # writing when its reader goes away.
    process.stdin.write(f"{MONEY}\n".encode() * 200)
    process.stdin.close()
    process.stdout.readline()
    process.stdout.close()

    assert process.wait(timeout=60) == PIPE_CLOSED
    assert process.stderr.read() == b""


def test_ask_stops_quietly_on_ctrl_c() -> None:
    process = ask_process()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{MONEY}\n".encode())
    process.stdin.flush()
    process.stdout.readline()  # loaded and answered; now waiting for the next question
    process.send_signal(signal.SIGINT)

    _, err = process.communicate(timeout=60)

    assert (process.returncode, err.decode()) == (INTERRUPTED, "")


# check


def test_check_prints_each_files_sentence_count_and_exits_0_when_all_are_good(
    cli: Cli, seeds_dir: Path
) -> None:
    result = cli("check", "--seeds", str(seeds_dir))

    assert result.code == 0
    assert f"{SEED_NAME}.txt: 5 paragraphs, 16 sentences" in result.out
    assert "1 article loaded, 0 files failed" in result.out


def test_check_prints_each_broken_file_with_its_line_and_exits_non_zero(
    cli: Cli, seeds_dir: Path
) -> None:
    (seeds_dir / "kaputt.txt").write_text("Titel\nirgendwann\nText.\n", encoding="utf-8")

    result = cli("check", "--seeds", str(seeds_dir))

    assert result.code != 0
    assert f"{SEED_NAME}.txt: 5 paragraphs" in result.out
    assert "kaputt.txt:2: not a date" in result.out


def test_check_verbose_prints_every_sentence_with_its_place(cli: Cli, seeds_dir: Path) -> None:
    result = cli("check", "-v", "--seeds", str(seeds_dir))

    assert "1.1 Elon Musk, der visionäre Unternehmer" in result.out


def test_check_of_an_empty_folder_fails(cli: Cli, empty_folder: Path) -> None:
    assert cli("check", "--seeds", str(empty_folder)).code != 0


# run and the default command


def test_run_without_token_exits_2_with_one_line_naming_bot_token(cli: Cli) -> None:
    result = cli("run", "--seeds", str(SEEDS))

    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert "BOT_TOKEN" in result.err


def test_no_command_without_token_says_so_and_starts_the_console_chat(cli: Cli) -> None:
    result = cli("--seeds", str(SEEDS), stdin=f"hallo\n{MONEY}\n/quit\nKatar\n")

    assert result.code == 0
    notice = result.out.splitlines()[0]
    assert "BOT_TOKEN" in notice and "console" in notice
    assert "/sources" in result.out
    assert "sechs Milliarden Dollar" in result.out
    assert result.out.count("Bot: ") == 2, "lines after /quit must not be answered"


@pytest.mark.parametrize(
    ("variable", "value"), [("BOT_TOP_K", "-1"), ("BOT_TOP_K", "drei"), ("BOT_MIN_SCORE", "2")]
)
@pytest.mark.parametrize(
    "command", [["ask", MONEY], ["check"], []], ids=["ask", "check", "default"]
)
def test_bad_setting_exits_2_with_one_line_naming_it(
    cli: Cli, env: Env, variable: str, value: str, command: list[str]
) -> None:
    env(**{variable.removeprefix("BOT_").lower(): value})

    result = cli(*command, "--seeds", str(SEEDS))

    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert variable in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("flag", "value"), [("--top", "0"), ("--top", "11"), ("--min-score", "1.5")]
)
def test_a_bad_flag_value_exits_2_naming_the_flag_not_the_variable(
    cli: Cli, env: Env, flag: str, value: str
) -> None:
    env(top_k="2", min_score="0.5")

    result = cli("ask", flag, value, "--seeds", str(SEEDS), MONEY)

    assert result.code == 2
    assert result.err.startswith(f"error: {flag}: ")
    assert f"(got {value}" in result.err
    assert "BOT_" not in result.err


def test_ask_with_a_blank_question_argument_asks_nothing(cli: Cli) -> None:
    result = cli("ask", "  ", "--seeds", str(SEEDS))

    assert (result.code, result.out) == (0, "")
