"""The bot's handlers: read the update, ask `conversation`/`knowledge`, reply. `bot.app` wires them.

Each reply is in the language of the user it answers (`texts_of`, `bot.texts`).

Search and reloads run in a worker thread (`asyncio.to_thread`), so a slow answer
never holds up the event loop and with it every other chat.

Every handler that sends a user a message is charged against that user's flood limit
(`bot.flood`) through `within_limit`, most by the `@flood_limited` decorator: a question,
a command or a button press costs one question, what the user did not put to the bot
(inline queries, group chatter in `all` mode) `UNASKED_COST`, and chatter the bot answers
the rest of a question. So, whatever they send, no user makes the bot send more than
`BOT_USER_RATE` messages a window, plus one burst of as many: the limiter is a leaky bucket.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import Conflict, TelegramError
from telegram.ext import ContextTypes

from bot.addressing import command_argument, group_question
from bot.buttons import ArticleDigests, SentenceRef, TokenStore, answer_keyboard, callback_value
from bot.conversation import QUESTION_LIMIT, is_small_talk, more_answers, respond
from bot.flood import UNASKED_COST, FloodGuard, Verdict
from bot.inline import CACHE_SECONDS, RESULTS, inline_results
from bot.markup import HTML
from bot.replies import (
    ask_hint_reply,
    context_reply,
    sources_reply,
    unknown_command_reply,
    welcome_reply,
)
from bot.settings import Settings
from bot.stats import Stats
from bot.texts import Texts, texts_for
from bot.uploads import PendingUpload
from knowledge import Hit, KnowledgeBase

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
"""A handler callback, as `bot.app` wires it."""
SERVICES = "services"


@dataclass
class Services:
    """What the handlers share, kept in `bot_data[SERVICES]` by `bot.app.build_application`."""

    settings: Settings
    knowledge: KnowledgeBase
    stats: Stats = field(default_factory=Stats)
    questions: TokenStore[str] = field(default_factory=lambda: TokenStore[str](10_000))
    uploads: TokenStore[PendingUpload] = field(
        default_factory=lambda: TokenStore[PendingUpload](50)
    )
    flood: FloodGuard = field(init=False)
    digests: ArticleDigests = field(default_factory=ArticleDigests)
    conflict_reported: float | None = None
    """When a second instance polling with the token was last reported (monotonic seconds)."""

    def __post_init__(self) -> None:
        settings = self.settings
        self.flood = FloodGuard(
            settings.user_rate, settings.user_rate_seconds, exempt=settings.admin_ids
        )


def services(context: Context) -> Services:
    found = context.bot_data[SERVICES]
    assert isinstance(found, Services)
    return found


def message_of(update: Update) -> Message:
    """The message a message or command handler was called for (PTB calls them only with one)."""
    assert update.effective_message is not None
    return update.effective_message


def in_group(message: Message) -> bool:
    return message.chat.type != ChatType.PRIVATE


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """A reply to one of our messages (in forum topics, every message "replies" to the topic)."""
    replied = message.reply_to_message
    return (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == bot_id
        and replied.forum_topic_created is None
    )


def texts_of(update: Update) -> Texts:
    """The bot's words in the language of the user behind the update: who asked (in a group
    too, whatever language the others speak), pressed the button or typed the inline query.
    German when Telegram names no language, as for an anonymous group admin."""
    user = update.effective_user
    return texts_for(None if user is None else user.language_code)


def sender_id(update: Update) -> int | None:
    """Who asks, for flood control: the user who sent the message, pressed the button or
    typed the inline query, or the chat an anonymous admin or channel speaks as (they all
    share one placeholder user id)."""
    if update.message is not None and update.message.sender_chat is not None:
        return update.message.sender_chat.id
    return None if update.effective_user is None else update.effective_user.id


async def within_limit(
    update: Update, context: Context, *, cost: float = 1.0, warn: bool = True
) -> bool:
    """Charge the sender `cost` questions (`bot.flood`); False if they are over the limit.

    Then the user has already been told, once per window, in the only way each update
    allows: a message gets the flood warning as a reply, a button press as an alert (or a
    silent answer, which still stops the spinner), an inline query an empty, uncached
    answer and no warning (pass `warn=False` wherever a warning would be out of place).
    Admins are never over the limit. Never waits.
    """
    user_id = sender_id(update)
    if user_id is None:
        return True
    warn = warn and update.inline_query is None  # nowhere to show it: keep it for later
    verdict = await services(context).flood.allow(user_id, cost=cost, warn=warn)
    if verdict is Verdict.ALLOWED:
        return True
    warning = texts_of(update).flood_warning if verdict is Verdict.WARN else None
    if update.callback_query is not None:
        # An alert only the presser sees.
        await update.callback_query.answer(warning, show_alert=True)
    elif update.inline_query is not None:
        # Empty, personal and uncached: other users (and this one, later) search afresh.
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif warning is not None and update.effective_message is not None:
        await update.effective_message.reply_text(warning)
    return False


def flood_limited(handler: Handler) -> Handler:
    """`handler`, run only while the sender is within the flood limit; each update costs one
    question (`within_limit`). For every handler that replies to whatever it is given."""

    @functools.wraps(handler)
    async def limited(update: Update, context: Context) -> None:
        if await within_limit(update, context):
            await handler(update, context)

    return limited


async def answer(update: Update, question: str, context: Context, *, explicit: bool = True) -> None:
    """Answer as a reply (in groups quoting the question, in its topic); count it for /stats.

    The caller has charged the question against the flood limit: a whole question if the
    bot was asked, else `UNASKED_COST` (group `all` mode). Such a message gets no reply
    when nothing answers it, and a reply costs the rest of a question, so chatter that the
    bot answers counts like a question asked.
    """
    message = message_of(update)
    found = services(context)
    settings = found.settings
    texts = texts_of(update)
    started = time.perf_counter()
    reply = await asyncio.to_thread(
        respond,
        question,
        found.knowledge,
        HTML,
        texts,
        top_k=settings.top_k,
        min_score=settings.min_score,
    )
    if not explicit and not (
        reply.answered and await within_limit(update, context, cost=1 - UNASKED_COST, warn=False)
    ):
        return
    more = (
        found.questions.put(question[:QUESTION_LIMIT]) if len(reply.hits) > settings.top_k else None
    )
    await message.reply_text(
        reply.text, reply_markup=answer_keyboard(reply.hits, texts, more_token=more)
    )
    if reply.is_question:
        found.stats.record(question, answered=reply.answered, seconds=time.perf_counter() - started)


def welcome(update: Update, context: Context) -> str:
    """What the bot knows and how to ask, in groups with /ask."""
    knowledge = services(context).knowledge
    return welcome_reply(
        knowledge.articles,
        knowledge.example_question,
        HTML,
        texts_of(update),
        in_group=in_group(message_of(update)),
    )


@flood_limited
async def help_command(update: Update, context: Context) -> None:
    """/start and /help."""
    await message_of(update).reply_text(welcome(update, context))


@flood_limited
async def sources_command(update: Update, context: Context) -> None:
    articles = services(context).knowledge.articles
    await message_of(update).reply_text(sources_reply(articles, HTML, texts_of(update)))


@flood_limited
async def ask_command(update: Update, context: Context) -> None:
    """/ask and /frage, in any chat: the rest of the message is the question."""
    message = message_of(update)
    question = command_argument(message.text or "")
    if not question:
        example = services(context).knowledge.example_question
        await message.reply_text(ask_hint_reply(example, HTML, texts_of(update)))
        return
    await answer(update, question, context)


@flood_limited
async def private_question(update: Update, context: Context) -> None:
    """In a private chat every text is a question (or small talk, which `respond` recognises)."""
    message = message_of(update)
    await answer(update, message.text or "", context)


async def group_message(update: Update, context: Context) -> None:
    """Answer only when addressed (or, in `all` mode, questions); ignore everything else."""
    message = message_of(update)
    if message.via_bot is not None:
        return  # an inline answer someone posted: our own words, not a question
    addressed = group_question(
        message.text or "",
        bot_username=context.bot.username,
        replies_to_bot=replies_to_bot(message, context.bot.id),
        mode=services(context).settings.group_mode,
    )
    if addressed is None:
        return
    # What the bot was not explicitly asked counts a little and is never warned about.
    explicit = addressed.explicit
    if not await within_limit(
        update, context, cost=1.0 if explicit else UNASKED_COST, warn=explicit
    ):
        return
    if not addressed.question:
        await message.reply_text(welcome(update, context))
        return
    await answer(update, addressed.question, context, explicit=explicit)


@flood_limited
async def unknown_command(update: Update, context: Context) -> None:
    """A command this bot does not have, in a private chat (group ones may be another bot's)."""
    knowledge = services(context).knowledge
    await message_of(update).reply_text(
        unknown_command_reply(
            knowledge.articles, knowledge.example_question, HTML, texts_of(update)
        )
    )


async def inline_query(update: Update, context: Context) -> None:
    """`@BOTNAME question`: the answers as results; nothing for an empty or small-talk query."""
    query = update.inline_query
    assert query is not None
    found = services(context)
    question = query.query.strip()
    hits: list[Hit] = []
    if not is_small_talk(question):
        if not await within_limit(update, context, cost=UNASKED_COST):
            return
        hits = await asyncio.to_thread(
            found.knowledge.search, question, k=RESULTS, min_score=found.settings.min_score
        )
    await query.answer(inline_results(hits, texts_of(update)), cache_time=CACHE_SECONDS)


async def context_button(update: Update, context: Context) -> None:
    """The "Kontext" button: the answer's paragraph, found again in the current articles.

    Charged against the flood limit only when it sends a message: a stale press is answered
    like `stale_button`."""
    query = update.callback_query
    assert query is not None
    ref = SentenceRef.decode(callback_value(query.data))
    found = services(context)
    texts = texts_of(update)
    sentence = None if ref is None else ref.find(found.digests(found.knowledge.articles))
    if sentence is None or not isinstance(query.message, Message):
        await query.answer(texts.stale_button, show_alert=True)
        return
    if not await within_limit(update, context):
        return
    await query.answer()
    await query.message.reply_text(context_reply(sentence, HTML, texts))


async def more_button(update: Update, context: Context) -> None:
    """The "Mehr" button: the next answers, searched again in the current articles (charged
    like `context_button`)."""
    query = update.callback_query
    assert query is not None
    found = services(context)
    texts = texts_of(update)
    question = found.questions.get(callback_value(query.data))
    if question is None or not isinstance(query.message, Message):
        await query.answer(texts.stale_button, show_alert=True)
        return
    if not await within_limit(update, context):
        return
    await query.answer()
    settings = found.settings
    reply = await asyncio.to_thread(
        more_answers,
        question,
        found.knowledge,
        HTML,
        texts,
        top_k=settings.top_k,
        min_score=settings.min_score,
    )
    await query.message.reply_text(reply.text)


async def stale_button(update: Update, context: Context) -> None:
    """Buttons this version does not know (an older layout): say so instead of spinning.

    Not flood-limited: it sends no message, only answers the press, as a user over the
    limit would be answered too."""
    assert update.callback_query is not None
    await update.callback_query.answer(texts_of(update).stale_button, show_alert=True)


CONFLICT_REMINDER_SECONDS = 600.0
"""How often a lasting conflict with another instance is reported again."""


def polling_failed(error: TelegramError, found: Services) -> None:
    """A failed `getUpdates`, which PTB retries: one line, not a traceback per retry.

    A 409 Conflict means another process polls with the same token, and Telegram hands
    each update to only one of them: the operator must stop one, and hears it once
    (then every `CONFLICT_REMINDER_SECONDS` while it lasts).
    """
    if not isinstance(error, Conflict):
        logger.warning("polling Telegram failed, retrying: %s", error)
        return
    now = time.monotonic()
    last = found.conflict_reported
    if last is None or now - last >= CONFLICT_REMINDER_SECONDS:
        found.conflict_reported = now
        logger.error(
            "another instance is polling Telegram with this bot's token; stop it, or this one "
            "misses updates (Telegram: %s)",
            error.message,
        )


async def error_handler(update: object, context: Context) -> None:
    """Log every failure with its update id, then apologise to the user if there is one.

    A failed poll for updates arrives here too, without an update, job or task (PTB's
    `run_polling` forwards it): it gets the one line of `polling_failed`.
    """
    polling = context.job is None and context.coroutine is None
    if update is None and polling and isinstance(context.error, TelegramError):
        polling_failed(context.error, services(context))
        return
    update_id = update.update_id if isinstance(update, Update) else None
    # Logged first, so the failure is on record even if the apology fails too.
    logger.error("handling update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        # A button's query may already be answered, so its chat gets the apology as a message.
        apology = texts_of(update).apology
        if update.effective_message is not None:
            await update.effective_message.reply_text(apology)
        elif update.callback_query is not None:
            await update.callback_query.answer(apology, show_alert=True)
    except Exception:
        logger.exception("could not apologise for update %s", update_id)
