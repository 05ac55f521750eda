"""What the fake Telegram remembers, and the helpers tests call to queue updates into it.

Users, chats, messages and uploaded files are kept so later updates and the bot's requests can
refer to them as they would on Telegram. Every change wakes whoever waits for one.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable, Mapping
from typing import Any

from tests.bot.botapi import updates
from tests.bot.botapi.updates import JSON, MessageRef


class TelegramState:
    """Queued updates, stored messages and files; tests add to it with the queueing helpers."""

    def __init__(self) -> None:
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
        self._changed = asyncio.Event()

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
        language_code: str | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        """Also remembers the user's names and language for later updates from the same user."""
        user = self._user(user_id, first_name, username, language_code)
        chat = self._private_chat(user)
        message = self._store(user, chat, **updates.text_fields("text", text, entities))
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
        language_code: str | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        """Also remembers the sender's language, as `private_message` does."""
        chat = updates.group_chat(chat_id, chat_type, is_forum=is_topic_message)
        self._chats[chat_id] = chat
        fields = updates.text_fields("text", text, entities)
        if message_thread_id is not None:
            fields["message_thread_id"] = message_thread_id
        if is_topic_message:
            fields["is_topic_message"] = True
        if reply_to_message is not None:
            fields["reply_to_message"] = updates.quoted(self._resolve(reply_to_message, chat_id))
        message = self._store(self._user(user_id, language_code=language_code), chat, **fields)
        return self.queue_update({"message": message})

    def callback_query(
        self, user_id: int, message: MessageRef, data: str, *, chat_id: int | None = None
    ) -> int:
        """``message`` is a stored message, a ``sent_messages()`` entry or a message id."""
        target = self._resolve(message, user_id if chat_id is None else chat_id)
        query = updates.callback_query(self._new_query_id(), self._user(user_id), target, data)
        return self.queue_update({"callback_query": query})

    def inline_query(self, user_id: int, query: str, offset: str = "") -> int:
        inline = updates.inline_query(self._new_query_id(), self._user(user_id), query, offset)
        return self.queue_update({"inline_query": inline})

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
        file, document = updates.document(next(self._file_ids), file_name, len(content), mime_type)
        self._files[file["file_id"]] = (file, content)
        fields: JSON = {"document": document}
        if caption is not None:
            fields.update(updates.text_fields("caption", caption, None))
        user = self._user(user_id)
        if chat_id is None:
            chat = self._private_chat(user)
        else:
            chat = self._chats.get(chat_id, updates.group_chat(chat_id))
        self._chats[chat["id"]] = chat
        return self.queue_update({"message": self._store(user, chat, **fields)})

    # -- looking things up ---------------------------------------------------------------------

    def message(self, chat_id: int, message_id: int) -> JSON:
        """The current, possibly edited, state of a stored message."""
        return self._resolve(message_id, chat_id)

    def update(self, update_id: int) -> JSON:
        return self._history[update_id]

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

    # -- remembering things --------------------------------------------------------------------

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """The user as last seen, with what is given changed (a user's language starts as `de`)."""
        user = self._users.setdefault(user_id, updates.user(user_id))
        changes = {"first_name": first_name, "username": username, "language_code": language_code}
        user.update({key: value for key, value in changes.items() if value})
        return dict(user)

    def _private_chat(self, user: JSON) -> JSON:
        self._chats[user["id"]] = updates.private_chat(user)
        return self._chats[user["id"]]

    def _new_query_id(self) -> str:
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        return query_id

    def _store(self, sender: JSON, chat: JSON, **fields: Any) -> JSON:
        message_id = next(self._message_ids)
        self._messages[chat["id"], message_id] = updates.message(message_id, sender, chat, **fields)
        return self._messages[chat["id"], message_id]

    # -- waiting for changes -------------------------------------------------------------------

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
