"""A local Telegram Bot API server for tests that drive the bot over real HTTP.

Telegram is unreachable from the test machines, and mocking ``telegram.Bot`` would skip the layer
that actually breaks: python-telegram-bot's request encoding, update parsing, entity offsets and
the polling loop. This server speaks the HTTP protocol PTB uses, keeps just enough state (queued
updates, stored messages, uploaded files) to answer like Telegram, and records every request so
tests can assert on what the bot did.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]
MessageRef = Mapping[str, Any] | int

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
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}")
_STALE_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """Raised while handling a method so the bot sees the failure Telegram would report."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code


@dataclass
class Call:
    """One request as the bot made it; ``at`` is ``time.monotonic()`` to measure latencies."""

    method: str
    params: JSON
    at: float
    result: Any = None
    error: str | None = None


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def auto_entities(text: str) -> list[JSON]:
    """The entities Telegram would attach, so PTB's command and mention parsing is exercised."""
    entities: list[JSON] = []
    if command := _COMMAND.match(text):
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])})
    for mention in _MENTION.finditer(text):
        offset = utf16_len(text[: mention.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention[0])})
    return entities


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


def _checked_text(params: JSON) -> str:
    """Telegram limits the text after entity parsing, which for HTML means without the tags."""
    text = str(params.get("text") or "")
    visible = text
    if str(params.get("parse_mode", "")).lower() == "html":
        visible = html.unescape(re.sub(r"<[^>]*>", "", text))
    if not visible.strip():
        raise ApiError("Bad Request: message text is empty")
    if utf16_len(visible) > 4096:
        raise ApiError("Bad Request: message is too long")
    return text


def _text_fields(key: str, text: str, entities: list[JSON] | None) -> JSON:
    entities = auto_entities(text) if entities is None else entities
    entities_key = "entities" if key == "text" else "caption_entities"
    return {key: text, entities_key: entities} if entities else {key: text}


def _scope(params: JSON) -> tuple[str, str]:
    """Telegram keeps one command list per scope and language, like a dict with this key."""
    scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
    return scope, str(params.get("language_code") or "")


def _inline_markup(params: JSON) -> JSON:
    """Telegram echoes only inline keyboards back in the Message it returns."""
    markup = params.get("reply_markup")
    return (
        {"reply_markup": markup} if isinstance(markup, dict) and "inline_keyboard" in markup else {}
    )


def _quoted(message: JSON) -> JSON:
    """Telegram never nests replies more than one level deep."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


class BotApiServer:
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
        self.token = token
        self.max_poll_timeout = max_poll_timeout
        bot_id = int(token.split(":")[0]) if bot_id is None else bot_id
        self.bot_user: JSON = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username
        }  # fmt: skip
        self._me: JSON = {
            **self.bot_user, "can_join_groups": can_join_groups,
            "can_read_all_group_messages": can_read_all_group_messages,
            "supports_inline_queries": True,
        }  # fmt: skip
        self.requests: list[Call] = []
        self._updates: list[JSON] = []
        self._history: dict[int, JSON] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._open_queries: set[str] = set()
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._files: dict[str, tuple[JSON, bytes]] = {}
        self._commands: dict[tuple[str, str], Any] = {}
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
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

    # -- queueing updates ----------------------------------------------------------------------

    def queue_update(self, payload: JSON) -> int:
        """Escape hatch for update types without a helper; the update_id is assigned here."""
        update_id = next(self._update_ids)
        self._history[update_id] = {"update_id": update_id, **payload}
        self._updates.append(self._history[update_id])
        self._notify()
        return update_id

    def private_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        username: str | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        """Also remembers the user's names for later updates from the same user."""
        user = self._user(user_id, first_name, username)
        chat = self._private_chat(user)
        message = self._store(user, chat, **_text_fields("text", text, entities))
        return self.queue_update({"message": message})

    def group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "supergroup",
        message_thread_id: int | None = None,
        is_topic_message: bool = False,
        reply_to_message: MessageRef | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        chat: JSON = {"id": chat_id, "type": chat_type, "title": "Test Group"}
        self._chats[chat_id] = {**chat, "is_forum": True} if is_topic_message else chat
        fields = _text_fields("text", text, entities)
        if message_thread_id is not None:
            fields["message_thread_id"] = message_thread_id
        if is_topic_message:
            fields["is_topic_message"] = True
        if reply_to_message is not None:
            fields["reply_to_message"] = _quoted(self._resolve(reply_to_message, chat_id))
        message = self._store(self._user(user_id), self._chats[chat_id], **fields)
        return self.queue_update({"message": message})

    def callback_query(
        self, user_id: int, message: MessageRef, data: str, *, chat_id: int | None = None
    ) -> int:
        """``message`` is a stored message, a ``sent_messages()`` entry or a message id."""
        target = self._resolve(message, user_id if chat_id is None else chat_id)
        query = {
            "id": self._new_query_id(), "from": self._user(user_id), "message": dict(target),
            "chat_instance": str(abs(target["chat"]["id"])), "data": data,
        }  # fmt: skip
        return self.queue_update({"callback_query": query})

    def inline_query(self, user_id: int, query: str, offset: str = "") -> int:
        inline = {"id": self._new_query_id(), "from": self._user(user_id), "query": query}
        return self.queue_update({"inline_query": {**inline, "offset": offset}})

    def document_message(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = "text/plain",
        chat_id: int | None = None,
        caption: str | None = None,
    ) -> int:
        """Also registers the file, so getFile and the download route serve ``content``."""
        fields: JSON = {"document": self._register_file(file_name, content, mime_type)}
        if caption is not None:
            fields.update(_text_fields("caption", caption, None))
        user = self._user(user_id)
        group = {"id": chat_id, "type": "supergroup", "title": "Test Group"}
        chat = self._private_chat(user) if chat_id is None else self._chats.get(chat_id, group)
        self._chats[chat["id"]] = chat
        return self.queue_update({"message": self._store(user, chat, **fields)})

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

    def message(self, chat_id: int, message_id: int) -> JSON:
        """The current, possibly edited, state of a stored message."""
        return self._resolve(message_id, chat_id)

    def update(self, update_id: int) -> JSON:
        return self._history[update_id]

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

    # -- HTTP and Bot API methods --------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        at, method = time.monotonic(), _METHODS.get(request.match_info["method"].lower())
        call = Call(method or request.match_info["method"], await _read_params(request), at)
        self.requests.append(call)
        self._notify()
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

    async def _handle(self, method: str, params: JSON) -> Any:
        """All methods in one place, so each Telegram rule sits next to its siblings."""
        match method:
            case "getMe":
                return self._me
            case "getUpdates":
                return await self._get_updates(params)
            case "deleteWebhook" if params.get("drop_pending_updates"):
                self._updates.clear()
            case "getWebhookInfo":
                pending = len(self._updates)
                return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}
            case "setMyCommands":
                self._commands[_scope(params)] = params.get("commands", [])
            case "getMyCommands":
                return self._commands.get(_scope(params), [])
            case "deleteMyCommands":
                self._commands.pop(_scope(params), None)
            case "sendMessage":
                return self._bot_message(params, text=_checked_text(params))
            case "editMessageText":
                return self._edit_message_text(params, _checked_text(params))
            case "answerCallbackQuery" | "answerInlineQuery":
                query_id = params.get("callback_query_id", params.get("inline_query_id"))
                if query_id not in self._open_queries:
                    raise ApiError(_STALE_QUERY)
                self._open_queries.discard(query_id)
            case "sendChatAction":
                self._chat(params.get("chat_id"))
            case "getFile":
                if params.get("file_id") not in self._files:
                    raise ApiError("Bad Request: invalid file_id")
                return self._files[params["file_id"]][0]
        return True

    async def _get_updates(self, params: JSON) -> list[JSON]:
        """Long polling as Telegram does it, with the timeout capped to keep tests fast."""
        offset = int(params.get("offset") or 0)
        if offset < 0:
            del self._updates[:offset]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._notify()
        timeout = min(float(params.get("timeout") or 0), self.max_poll_timeout)
        await self._wait(lambda: self._updates or self._closing, timeout)
        return self._updates[: max(1, min(int(params.get("limit") or 100), 100))]

    def _edit_message_text(self, params: JSON, text: str) -> JSON | bool:
        if "inline_message_id" in params:
            return True  # Telegram keeps no copy of inline messages the bot could return
        message = self._find(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise ApiError(_NOT_MODIFIED)
        message.pop("reply_markup", None)  # an edit without a keyboard removes it
        message.update(text=text, edit_date=int(time.time()), **_inline_markup(params))
        return message

    def _bot_message(self, params: JSON, **content: Any) -> JSON:
        chat = self._chat(params.get("chat_id"))
        if (thread := params.get("message_thread_id")) is not None:
            content.update(message_thread_id=thread, is_topic_message=True)
        reply = params.get("reply_parameters") or {}
        if (reply_id := reply.get("message_id", params.get("reply_to_message_id"))) is not None:
            if (replied := self._find(chat["id"], reply_id)) is not None:
                content["reply_to_message"] = _quoted(replied)
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError("Bad Request: message to be replied not found")
        return self._store(self.bot_user, chat, **content, **_inline_markup(params))

    # -- state ---------------------------------------------------------------------------------

    def _notify(self) -> None:
        """Wake every waiter; a fresh Event avoids the clear/set races of a shared one."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, predicate: Callable[[], object], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return True

    def _user(
        self, user_id: int, first_name: str | None = None, username: str | None = None
    ) -> JSON:
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "de"}
        )
        user.update({"first_name": first_name} if first_name else {})
        user.update({"username": username} if username else {})
        return dict(user)

    def _private_chat(self, user: JSON) -> JSON:
        names: JSON = {key: user[key] for key in ("first_name", "username") if key in user}
        self._chats[user["id"]] = {"id": user["id"], "type": "private", **names}
        return self._chats[user["id"]]

    def _chat(self, chat_id: Any) -> JSON:
        """Only chats seen in updates exist, which catches replies sent to a user id in a group."""
        with contextlib.suppress(TypeError, ValueError):
            if (chat := self._chats.get(int(chat_id))) is not None:
                return chat
        raise ApiError("Bad Request: chat not found")

    def _new_query_id(self) -> str:
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        return query_id

    def _store(self, sender: JSON, chat: JSON, **fields: Any) -> JSON:
        message_id = next(self._message_ids)
        message = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
        self._messages[chat["id"], message_id] = {**message, **fields}
        return self._messages[chat["id"], message_id]

    def _find(self, chat_id: Any, message_id: Any) -> JSON | None:
        with contextlib.suppress(TypeError, ValueError):
            return self._messages.get((int(chat_id), int(message_id)))
        return None

    def _resolve(self, ref: MessageRef, chat_id: int) -> JSON:
        if isinstance(ref, Mapping):
            chat_id = ref["chat"]["id"] if "chat" in ref else ref.get("chat_id", chat_id)
            ref = ref["message_id"]
        if (message := self._find(chat_id, ref)) is None:
            raise LookupError(f"no stored message {ref} in chat {chat_id}")
        return message

    def _register_file(self, file_name: str, content: bytes, mime_type: str) -> JSON:
        n = next(self._file_ids)
        file: JSON = {"file_id": f"BQACAgIAAxkBAAI{n:08d}", "file_unique_id": f"AgADtest{n:04d}"}
        file["file_size"] = len(content)
        suffix = file_name.rpartition(".")[2] if "." in file_name else "bin"
        path = f"documents/file_{n}.{suffix}"  # the layout Telegram uses for documents
        self._files[file["file_id"]] = ({**file, "file_path": path}, content)
        return {**file, "file_name": file_name, "mime_type": mime_type}
