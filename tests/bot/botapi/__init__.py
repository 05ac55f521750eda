"""A local Telegram Bot API server for tests that drive the bot over real HTTP.

Telegram is unreachable from the test machines, and mocking ``telegram.Bot`` would skip the layer
that actually breaks: python-telegram-bot's request encoding, update parsing, entity offsets and
the polling loop. This server speaks the HTTP protocol PTB uses, keeps just enough state (queued
updates, stored messages, uploaded files) to answer like Telegram, and records every request so
tests can assert on what the bot did.

The layers, each a module: ``updates`` builds Telegram's JSON, ``state`` remembers it and queues
updates, ``methods`` implements the Bot API methods, ``server`` serves them over HTTP and records
the calls.
"""

from tests.bot.botapi.methods import ApiError
from tests.bot.botapi.server import BotApiServer, Call
from tests.bot.botapi.updates import JSON, MessageRef, auto_entities, utf16_len

__all__ = ["JSON", "ApiError", "BotApiServer", "Call", "MessageRef", "auto_entities", "utf16_len"]
