"""Settings: `BOT_*` variables and `.env`, with one clear line for every bad value."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import GroupMode, Settings, SettingsProblem, load_settings
from tests.conftest import Env

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_every_setting_but_the_token_has_a_safe_default(env: Env) -> None:
    env.unset("encoder")
    settings = load_settings()

    assert settings.token is None
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.bot_file_base_url == "https://api.telegram.org/file/bot"
    assert settings.admin_ids == []
    assert settings.seeds_dir == Path("seeds")
    assert settings.top_k == 3
    assert settings.min_score is None  # the answer model's own threshold
    assert settings.group_mode is GroupMode.MENTION
    assert settings.log_level == "INFO"
    assert (settings.user_rate, settings.user_rate_seconds) == (10, 60)
    assert (settings.data_dir, settings.encoder) == (Path("data"), "bundled")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("123,456", [123, 456]), (" 123 , 456 ", [123, 456]), ("42", [42]), ("", []), (" ", [])],
)
def test_admin_ids_are_plain_comma_separated_and_empty_means_none(
    env: Env, value: str, expected: list[int]
) -> None:
    env(admin_ids=value)

    assert load_settings().admin_ids == expected


def test_every_variable_is_read_from_the_environment(env: Env) -> None:
    env(
        token="123:abc", api_url="http://127.0.0.1:8081/bot", admin_ids="7",
        seeds_dir="/data/seeds", top_k="5", min_score="0.6", group_mode="all", log_level="debug",
        data_dir="/var/lib/article-bot", encoder="/models/e5.bin",
    )  # fmt: skip

    settings = load_settings()

    assert settings.token is not None and settings.token.get_secret_value() == "123:abc"
    assert settings.bot_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.bot_file_base_url == "http://127.0.0.1:8081/file/bot"
    assert (settings.admin_ids, settings.seeds_dir) == ([7], Path("/data/seeds"))
    assert (settings.top_k, settings.min_score) == (5, 0.6)
    assert (settings.group_mode, settings.log_level) == (GroupMode.ALL, "DEBUG")
    assert (settings.data_dir, settings.encoder) == (Path("/var/lib/article-bot"), "/models/e5.bin")


def test_the_vector_cache_lives_in_the_data_folder_which_only_its_first_use_makes(
    env: Env,
) -> None:
    env(data_dir="state")

    settings = load_settings()

    assert settings.vectors_dir == Path("state/vectors")
    assert not (env.folder / "state").exists()


@pytest.mark.parametrize(
    ("given", "base_url"),
    [
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/bot"),
        ("https://proxy.example/telegram/bot", "https://proxy.example/telegram/bot"),
    ],
)
def test_the_api_url_becomes_the_base_python_telegram_bot_appends_the_token_to(
    env: Env, given: str, base_url: str
) -> None:
    env(api_url=given)

    assert load_settings().bot_api_base_url == base_url


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("admin_ids", "12,abc", "BOT_ADMIN_IDS: Input should be a valid integer"),
        ("admin_ids", "-5", "BOT_ADMIN_IDS: Input should be greater than 0"),
        ("top_k", "-1", "BOT_TOP_K: Input should be greater than or equal to 1 (got '-1')"),
        ("top_k", "drei", "BOT_TOP_K: Input should be a valid integer"),
        ("min_score", "2", "BOT_MIN_SCORE: Input should be less than or equal to 1"),
        ("api_url", "not a url", "BOT_API_URL: Input should be a valid URL"),
        ("api_url", "ftp://example.org/bot", "BOT_API_URL: URL scheme should be 'http' or 'https'"),
        (
            "api_url",
            "http://example.org/api",
            "BOT_API_URL: expected the Bot API base URL ending in /bot",
        ),
        ("group_mode", "always", "BOT_GROUP_MODE: Input should be 'mention' or 'all'"),
        ("user_rate", "0", "BOT_USER_RATE: Input should be greater than or equal to 1"),
        ("user_rate_seconds", "1.5", "BOT_USER_RATE_SECONDS: Input should be a valid integer"),
        ("log_level", "LOUD", "BOT_LOG_LEVEL: expected DEBUG, INFO, WARNING, ERROR or CRITICAL"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(
    env: Env, name: str, value: str, message: str
) -> None:
    env(**{name: value})

    with pytest.raises(SettingsProblem) as problem:
        load_settings()

    assert str(problem.value).startswith(message)
    assert "\n" not in str(problem.value)


def test_the_token_is_never_shown(env: Env) -> None:
    env(token="123:very-secret")
    settings = load_settings()

    assert "very-secret" not in repr(settings) + str(settings) + settings.model_dump_json()


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        pytest.param(
            "api_url",
            "https://api.telegram.org/bot123456:SECRETTOKENxyz/",
            "got 'https://api.telegram.org/bot[BOT_TOKEN]/'",
            id="url-with-the-token-pasted-whole",
        ),
        pytest.param(
            "api_url",
            "http://127.0.0.1:8081/botapi",
            "/bot (got 'http://127.0.0.1:8081/botapi')",
            id="a-mistyped-path-stays-visible",
        ),
        pytest.param(
            "top_k",
            "123456789:SECRETTOKENabcdefghijklmnopqrstuvwxy",
            "got '[BOT_TOKEN]'",
            id="token-in-the-wrong-setting",
        ),
    ],
)
def test_a_token_in_a_bad_value_is_not_shown(env: Env, name: str, value: str, shown: str) -> None:
    env(**{name: value})

    with pytest.raises(SettingsProblem) as problem:
        load_settings()

    assert "SECRETTOKEN" not in str(problem.value)
    assert shown in str(problem.value)


def test_dotenv_is_read_and_the_environment_wins_over_it(env: Env) -> None:
    env.dotenv("BOT_TOP_K=7\nBOT_ADMIN_IDS=1,2\nBOT_GROUP_MODE=all\n")
    env(top_k="4")

    settings = load_settings()

    assert (settings.top_k, settings.admin_ids, settings.group_mode) == (4, [1, 2], GroupMode.ALL)


def test_command_line_flags_win_over_environment_and_dotenv(env: Env) -> None:
    env.dotenv("BOT_TOP_K=7\n")
    env(seeds_dir="from-env", min_score="0.5")

    settings = load_settings(top_k=2, seeds_dir=Path("from-flag"), min_score=None)

    assert (settings.top_k, settings.seeds_dir, settings.min_score) == (2, Path("from-flag"), 0.5)


def test_env_example_lists_every_setting_with_a_comment_and_loads_as_is(env: Env) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    assignments = {
        line.split("=", 1)[0]: number
        for number, line in enumerate(lines)
        if re.match(r"BOT_\w+=", line)
    }

    assert set(assignments) == {f"BOT_{name.upper()}" for name in Settings.model_fields}
    assert all(lines[number - 1].startswith("#") for number in assignments.values())
    defaults = load_settings().model_dump()
    env.dotenv(EXAMPLE.read_text(encoding="utf-8"))
    assert load_settings().model_dump() == defaults


def test_an_empty_value_means_the_default(env: Env) -> None:
    env(min_score="", top_k="", token="", encoder="", data_dir="")

    settings = load_settings()

    assert (settings.min_score, settings.top_k, settings.token) == (None, 3, None)
    assert (settings.encoder, settings.data_dir) == ("bundled", Path("data"))


def test_a_bad_value_stops_the_bot_with_one_line_and_no_traceback(env: Env, tmp_path: Path) -> None:
    env(token="123:abc", top_k="-1")

    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: BOT_TOP_K: Input should be greater than or equal to 1 (got '-1')"
    ]
