"""The Bot API methods the fake implements, with the rules and errors Telegram applies."""

from __future__ import annotations

import contextlib
import html
import json
import re
import time
from typing import Any

from tests.bot.botapi.state import TelegramState
from tests.bot.botapi.updates import JSON, quoted, utf16_len

_STALE_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """Raised while handling a method so the bot sees the failure Telegram would report."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code


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


class BotApiMethods(TelegramState):
    """Answers decoded method calls; ``_handle`` is the one entry point, subclasses may wrap it."""

    def __init__(self, bot_user: JSON, *, max_poll_timeout: float, **capabilities: bool) -> None:
        """``capabilities`` are the extra fields getMe reports, like ``can_join_groups``."""
        super().__init__()
        self.bot_user = bot_user
        self.max_poll_timeout = max_poll_timeout
        self._me: JSON = {**bot_user, **capabilities}
        self._commands: dict[tuple[str, str], Any] = {}
        self._closing = False  # set when the server stops, so pending long polls return
        self._polls = 0  # getUpdates calls so far: a newer one ends a waiting one, as on Telegram

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
        self._polls += 1
        poll = self._polls
        self._notify()
        timeout = min(float(params.get("timeout") or 0), self.max_poll_timeout)
        await self._wait(lambda: self._updates or self._closing or self._polls != poll, timeout)
        if self._polls != poll:
            raise ApiError(CONFLICT, 409)
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
                content["reply_to_message"] = quoted(replied)
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError("Bad Request: message to be replied not found")
        return self._store(self.bot_user, chat, **content, **_inline_markup(params))

    def _chat(self, chat_id: Any) -> JSON:
        """Only chats seen in updates exist, which catches replies sent to a user id in a group."""
        with contextlib.suppress(TypeError, ValueError):
            if (chat := self._chats.get(int(chat_id))) is not None:
                return chat
        raise ApiError("Bad Request: chat not found")
