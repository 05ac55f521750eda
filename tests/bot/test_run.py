"""`article-bot run` as an operator starts it: a real process, configured by `BOT_*` variables."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.app import ANSWER_LENGTH, RedactingFormatter
from tests.bot.botapi import BotApiServer
from tests.bot.conftest import (
    ADMIN,
    PENGUIN_ANSWER,
    PENGUIN_QUESTION,
    TOKEN,
    USER,
    ask,
    ask_group,
    assert_ignored,
)
from tests.bot.telegram_html import visible

Process = asyncio.subprocess.Process


def bot_environment(**settings: str) -> dict[str, str]:
    """The caller's environment without its own `BOT_*` settings, plus these; the encoder off
    unless a test turns it on, so answers do not change while its vectors are built."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith("BOT_")}
    return clean | {
        f"BOT_{name.upper()}": value for name, value in ({"encoder": "off"} | settings).items()
    }


async def start_process(tmp_path: Path, **settings: str) -> Process:
    """`python -m bot run` in an empty folder, so no developer's `.env` is read."""
    folder = tmp_path / "run"
    folder.mkdir(exist_ok=True)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=folder, env=bot_environment(**settings),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: Process, stop: signal.Signals | None = None) -> tuple[int, str]:
    """Send `stop` (if any), wait for the exit, and return the code and everything printed."""
    if stop is not None:
        process.send_signal(stop)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode is not None
    return process.returncode, stdout.decode() + stderr.decode()


@pytest.fixture
async def running_bot(
    server: BotApiServer, bot_seeds: Path, tmp_path: Path
) -> AsyncIterator[Process]:
    process = await start_process(
        tmp_path, token=TOKEN, api_url=server.base_url, admin_ids=str(ADMIN),
        seeds_dir=str(bot_seeds), log_level="DEBUG",
    )  # fmt: skip
    yield process
    if process.returncode is None:
        process.kill()
        await process.wait()


async def test_the_acceptance_check_passes_against_a_bot_api_server(
    server: BotApiServer, running_bot: Process
) -> None:
    answer = await ask(server, USER, PENGUIN_QUESTION)
    assert PENGUIN_ANSWER in visible(answer["text"]).split("\n")[0]
    assert "Zwergpinguine kehren nach Phillip Island zurück · 05.11.2024" in visible(answer["text"])

    await assert_ignored(server, PENGUIN_QUESTION)
    assert PENGUIN_ANSWER in visible(
        (await ask_group(server, f"@ArtikelBot {PENGUIN_QUESTION}"))["text"]
    )
    assert PENGUIN_ANSWER in visible(
        (await ask_group(server, f"/ask@ArtikelBot {PENGUIN_QUESTION}"))["text"]
    )

    assert "nur die Admins" in (await ask(server, USER, "/reload"))["text"]
    assert visible((await ask(server, ADMIN, "/reload"))["text"]).startswith(
        "✅ Neu geladen: 2 Artikel"
    )

    code, output = await finish(running_bot, signal.SIGTERM)
    assert code == 0, output
    assert "Traceback" not in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert f"refused /reload for user {USER}" in output


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
async def test_a_stop_signal_shuts_down_cleanly_after_answering(
    server: BotApiServer, running_bot: Process, stop: signal.Signals
) -> None:
    await ask(server, USER, PENGUIN_QUESTION)

    code, output = await finish(running_bot, stop)

    assert code == 0, output
    assert "Traceback" not in output
    assert output.rstrip().endswith("stopped")
    await server.wait_until_idle()


async def test_a_second_instance_polling_with_the_token_is_reported_in_one_line(
    server: BotApiServer, running_bot: Process
) -> None:
    """Telegram ends a waiting getUpdates with 409 Conflict when another one arrives: the
    operator reads what to do once, not a traceback for every retry."""
    assert PENGUIN_ANSWER in visible((await ask(server, USER, PENGUIN_QUESTION))["text"])
    async with aiohttp.ClientSession() as other_instance:
        for _ in range(6):
            async with other_instance.post(f"{server.base_url}{TOKEN}/getUpdates") as response:
                assert response.status == 200
            await asyncio.sleep(0.3)

    code, output = await finish(running_bot, signal.SIGTERM)

    assert code == 0, output
    conflicts = [call for call in server.requests if call.error and "Conflict" in call.error]
    assert len(conflicts) >= 2, "the bot's polls were superseded more than once"
    assert output.count("another instance is polling Telegram with this bot's token") == 1, output
    assert "Traceback" not in output
    assert TOKEN not in output


WRONG_TOKEN = "987654321:WRONG-token"
PAGE_QUOTING_THE_TOKEN = "<html>" + "x" * (ANSWER_LENGTH - 36) + f" /bot{TOKEN}/getMe</html>"
"""A web server's page quoting the request's path: long enough to be cut, were the token not
masked first, in the middle of the token's secret part."""
HTML, JSON_TYPE = "text/html", "application/json"
TELEGRAM_403 = '{"ok": false, "error_code": 403, "description": "Forbidden: bot not allowed"}'


@pytest.mark.parametrize(
    ("token", "answer", "line"),
    [
        (WRONG_TOKEN, None, "the Bot API at {url} rejected BOT_TOKEN"),
        (
            TOKEN,
            (200, "<html>hello</html>", HTML),
            "the Bot API at {url} answered: '<html>hello</html>', which is not Bot API JSON",
        ),
        (
            TOKEN,
            (403, PAGE_QUOTING_THE_TOKEN, HTML),
            "the Bot API at {url} answered: Forbidden (403) "
            + repr(PAGE_QUOTING_THE_TOKEN.replace(TOKEN, "[BOT_TOKEN]"))
            + ", which is not Bot API JSON",
        ),
        (
            TOKEN,
            (404, "<h1>Not Found</h1>", HTML),
            "the Bot API at {url} answered: Not Found (404) '<h1>Not Found</h1>', which is not "
            "Bot API JSON",
        ),
        (
            TOKEN,
            (502, "<html>\n <h1>502 Bad Gateway</h1>\n</html>\n", HTML),
            "the Bot API at {url} answered: Bad Gateway (502) '<html> <h1>502 Bad Gateway</h1> "
            "</html>', which is not Bot API JSON",
        ),
        (
            TOKEN,
            (403, TELEGRAM_403, JSON_TYPE),
            "the Bot API at {url} answered: Forbidden: bot not allowed",
        ),
    ],
    ids=["wrong-token", "not-json", "forbidden-page", "not-found-page", "bad-gateway", "forbidden"],
)
async def test_a_failed_start_up_is_one_line_naming_the_bot_api_and_its_answer_not_the_token(
    server: BotApiServer,
    bot_seeds: Path,
    tmp_path: Path,
    token: str,
    answer: tuple[int, str, str] | None,
    line: str,
) -> None:
    """A wrong `BOT_API_URL` reaches a web server or a proxy: what answered is quoted, in one
    line, and a 404 page is not taken for Telegram's verdict on the token."""
    if answer is not None:
        status, body, content_type = answer
        server.answer_every_request_with(status, body, content_type=content_type)
    process = await start_process(
        tmp_path, token=token, api_url=server.base_url, seeds_dir=str(bot_seeds)
    )

    code, output = await finish(process)

    assert code == 1, output
    errors = [logged for logged in output.splitlines() if " ERROR " in logged]
    assert [error.split(": ", 1)[1] for error in errors] == [line.format(url=server.base_url)]
    assert "Traceback" not in output
    assert token not in output and token.partition(":")[2][:6] not in output, output


async def test_no_loadable_article_stops_start_up(server: BotApiServer, tmp_path: Path) -> None:
    process = await start_process(
        tmp_path, token=TOKEN, api_url=server.base_url, seeds_dir=str(tmp_path / "missing")
    )

    code, output = await finish(process)

    assert code == 1
    assert "no article could be loaded from" in output
    assert server.requests == []


async def test_an_unreachable_bot_api_stops_start_up_with_one_line(
    bot_seeds: Path, tmp_path: Path
) -> None:
    process = await start_process(
        tmp_path, token=TOKEN, api_url="http://127.0.0.1:9/bot", seeds_dir=str(bot_seeds)
    )

    code, output = await finish(process)

    assert code == 1
    assert "cannot reach the Bot API at http://127.0.0.1:9/bot" in output
    assert "Traceback" not in output


def test_the_token_is_masked_in_every_log_line_tracebacks_included() -> None:
    formatter = RedactingFormatter("%(message)s", TOKEN)
    try:
        raise ValueError(f"The token `{TOKEN}` was rejected")
    except ValueError:
        record = logging.LogRecord(
            "telegram", logging.ERROR, __file__, 1, "GET /bot%s/getMe", (TOKEN,), sys.exc_info()
        )

    line = formatter.format(record)

    assert TOKEN not in line and TOKEN.replace(":", "%3A") not in line
    assert line.startswith("GET /bot[BOT_TOKEN]/getMe\nTraceback")
    assert "The token `[BOT_TOKEN]` was rejected" in line
