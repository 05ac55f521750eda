"""The HTTP side of the fake Bot API: routes, request decoding, and the record of every call.

Tests queue updates with the helpers inherited from ``TelegramState``, let the bot talk to
``base_url``, then assert on ``requests`` or wait with the helpers here.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

from tests.bot.botapi.methods import ApiError, BotApiMethods
from tests.bot.botapi.updates import JSON

_METHODS = {name.lower(): name for name in (
    "getMe", "getUpdates", "deleteWebhook", "getWebhookInfo", "setMyCommands", "getMyCommands",
    "deleteMyCommands", "close", "logOut", "sendMessage", "editMessageText", "answerCallbackQuery",
    "answerInlineQuery", "sendChatAction", "getFile",
)}  # fmt: skip
# PTB posts form fields with non-string values JSON-encoded but strings raw, so the text "42" and
# the chat_id 42 look the same on the wire; these parameters are therefore never JSON-decoded.
_STRING_PARAMS = frozenset((
    "text", "caption", "callback_query_id", "inline_query_id", "inline_message_id", "next_offset",
    "file_id", "parse_mode", "action", "url", "language_code", "business_connection_id",
))  # fmt: skip
_SENDING_METHODS = frozenset({"sendMessage", "editMessageText"})


@dataclass
class Call:
    """One request as the bot made it; ``at`` is ``time.monotonic()`` to measure latencies."""

    method: str
    params: JSON
    at: float
    result: Any = None
    error: str | None = None


async def _read_params(request: web.Request) -> JSON:
    """Accept every encoding Telegram accepts: query string, JSON, urlencoded and multipart."""
    raw: list[tuple[str, Any]] = list(request.query.items())
    if request.content_type == "application/json" and request.can_read_body:
        return {**dict(raw), **await request.json()}
    params: JSON = {}
    for key, value in [*raw, *(await request.post()).items()]:
        if isinstance(value, web.FileField):
            params[key] = {"file_name": value.filename, "mime_type": value.content_type}
            params[key]["content"] = value.file.read()
            continue
        params[key] = value.decode() if isinstance(value, bytes | bytearray) else str(value)
        if key not in _STRING_PARAMS:
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


class BotApiServer(BotApiMethods):
    """Fake Bot API: tests queue updates with the helpers, then assert on the recorded calls."""

    def __init__(
        self,
        token: str = "123456789:TEST-TOKEN",
        *,
        bot_id: int | None = None,
        bot_username: str = "ArtikelBot",
        bot_first_name: str = "Artikel Bot",
        can_join_groups: bool = True,
        can_read_all_group_messages: bool = False,
        max_poll_timeout: float = 1.0,
    ) -> None:
        bot_id = int(token.split(":")[0]) if bot_id is None else bot_id
        super().__init__(
            {"id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username},
            max_poll_timeout=max_poll_timeout,
            can_join_groups=can_join_groups,
            can_read_all_group_messages=can_read_all_group_messages,
            supports_inline_queries=True,
        )
        self.token = token
        self.requests: list[Call] = []
        self._runner: web.AppRunner | None = None
        self._impersonated: tuple[int, str, str] | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)  # Telegram's bot upload limit
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Wake pending long polls first so shutdown does not wait for their timeout."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """PTB appends the token and ``/method`` itself."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def answer_every_request_with(
        self, status: int, body: str, *, content_type: str = "text/html"
    ) -> None:
        """From now on answer every request with this, as a web server or a proxy at the
        configured address would (or a Bot API with one error for all); still recorded."""
        self._impersonated = status, body, content_type

    # -- inspecting what the bot did -----------------------------------------------------------

    def calls(self, method: str) -> list[JSON]:
        """Parameters of every call to ``method`` (case-insensitive), failed ones included."""
        return [call.params for call in self.requests if call.method.lower() == method.lower()]

    def sent_messages(self, chat_id: int | str | None = None) -> list[JSON]:
        """Successful sends and edits: parameters plus ``method`` and the resulting message_id."""
        sent = []
        for call in self.requests:
            if call.method not in _SENDING_METHODS or call.error is not None:
                continue
            if chat_id is None or str(call.params.get("chat_id")) == str(chat_id):
                sent.append({"method": call.method, **call.params})
                if isinstance(call.result, dict):
                    sent[-1]["message_id"] = call.result["message_id"]
        return sent

    async def wait_for(
        self, predicate: Callable[[], object], *, timeout: float = 5.0, what: str = "condition"
    ) -> None:
        if not await self._wait(predicate, timeout):
            sent = [(m.get("chat_id"), m["method"], m.get("text")) for m in self.sent_messages()]
            failed = [(call.method, call.error) for call in self.requests if call.error]
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; sent so far: {sent}; "
                f"failed calls: {failed}; unconfirmed updates: {self._updates}"
            )

    async def wait_for_messages(
        self, chat_id: int | str, count: int = 1, timeout: float = 5.0
    ) -> list[JSON]:
        def arrived() -> bool:
            return len(self.sent_messages(chat_id)) >= count

        await self.wait_for(arrived, timeout=timeout, what=f"{count} message(s) to {chat_id}")
        return self.sent_messages(chat_id)

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        def arrived() -> bool:
            return len(self.calls(method)) >= count

        await self.wait_for(arrived, timeout=timeout, what=f"{count} {method} call(s)")
        return self.calls(method)

    async def wait_until_idle(self, timeout: float = 5.0) -> None:
        """Updates count as done once a later offset confirmed them; handlers may still run."""
        await self.wait_for(lambda: not self._updates, timeout=timeout, what="confirmed updates")

    async def assert_no_message(self, chat_id: int | str, within: float = 0.5) -> None:
        """Call right after queueing: only messages sent after this call starts count."""
        before = len(self.sent_messages(chat_id))
        if await self._wait(lambda: len(self.sent_messages(chat_id)) > before, within):
            unexpected = self.sent_messages(chat_id)[before:]
            raise AssertionError(f"expected no message to chat {chat_id}, got {unexpected}")

    # -- HTTP ------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        at, method = time.monotonic(), _METHODS.get(request.match_info["method"].lower())
        call = Call(method or request.match_info["method"], await _read_params(request), at)
        self.requests.append(call)
        self._notify()
        if self._impersonated is not None:
            status, body, content_type = self._impersonated
            return web.Response(status=status, text=body, content_type=content_type)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError("Unauthorized", 401)
            if method is None:
                raise ApiError("Not Found: method not implemented in test server", 404)
            call.result = await self._handle(method, call.params)
        except ApiError as error:
            call.error = str(error)
            body = {"ok": False, "error_code": error.code, "description": call.error}
            return web.json_response(body, status=error.code)  # PTB trusts the status only
        finally:
            self._notify()
        return web.json_response({"ok": True, "result": call.result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.requests.append(Call("download", {"file_path": path}, time.monotonic()))
        self._notify()
        for file, content in self._files.values():
            if file["file_path"] == path and request.match_info["token"] == self.token:
                return web.Response(body=content)
        return web.Response(status=404, text="Not Found")
