"""The JSON Telegram puts in updates: users, chats, messages, queries, documents and entities.

Pure builders without state or I/O; the ids they need are handed in by the caller.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

JSON = dict[str, Any]
MessageRef = Mapping[str, Any] | int

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}")


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


def text_fields(key: str, text: str, entities: list[JSON] | None) -> JSON:
    """``key`` is "text" or "caption"; ``entities=None`` derives them, ``[]`` means none."""
    entities = auto_entities(text) if entities is None else entities
    entities_key = "entities" if key == "text" else "caption_entities"
    return {key: text, entities_key: entities} if entities else {key: text}


def quoted(message: JSON) -> JSON:
    """A message as ``reply_to_message``: Telegram never nests replies more than one level deep."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def user(user_id: int) -> JSON:
    return {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "de"}


def private_chat(user: JSON) -> JSON:
    names: JSON = {key: user[key] for key in ("first_name", "username") if key in user}
    return {"id": user["id"], "type": "private", **names}


def group_chat(chat_id: int, chat_type: str = "supergroup", *, is_forum: bool = False) -> JSON:
    chat: JSON = {"id": chat_id, "type": chat_type, "title": "Test Group"}
    return {**chat, "is_forum": True} if is_forum else chat


def message(message_id: int, sender: JSON, chat: JSON, **fields: Any) -> JSON:
    """Sent now; ``fields`` holds the content, e.g. from ``text_fields``."""
    sent = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
    return {**sent, **fields}


def callback_query(query_id: str, sender: JSON, message: Mapping[str, Any], data: str) -> JSON:
    return {
        "id": query_id, "from": sender, "message": dict(message),
        "chat_instance": str(abs(message["chat"]["id"])), "data": data,
    }  # fmt: skip


def inline_query(query_id: str, sender: JSON, query: str, offset: str) -> JSON:
    return {"id": query_id, "from": sender, "query": query, "offset": offset}


def document(n: int, file_name: str, size: int, mime_type: str) -> tuple[JSON, JSON]:
    """The ``n``-th upload as getFile returns it and as a message's ``document`` shows it."""
    file: JSON = {"file_id": f"BQACAgIAAxkBAAI{n:08d}", "file_unique_id": f"AgADtest{n:04d}"}
    file["file_size"] = size
    suffix = file_name.rpartition(".")[2] if "." in file_name else "bin"
    path = f"documents/file_{n}.{suffix}"  # the layout Telegram uses for documents
    return {**file, "file_path": path}, {**file, "file_name": file_name, "mime_type": mime_type}
