"""The Telegram application: every handler wired in one place, and `run_bot` for `article-bot run`.

No update is answered twice or lost across a clean restart, and this is why (checked in
python-telegram-bot 22.8's `Updater` and `Application`): Telegram re-delivers every update
until a `getUpdates` call with a higher offset confirms it. PTB's updater confirms a batch
with its next poll, once the batch is in the update queue. On Ctrl-C or SIGTERM
`run_polling` stops the updater first, whose last `getUpdates` confirms everything it
fetched and nothing more, then `Application.stop()` joins the update queue and awaits every
running handler task, so every confirmed update is answered before the process exits; and
`drop_pending_updates=False` makes the next start answer what arrived meanwhile. A hard
kill (SIGKILL, power loss) is different: updates already confirmed but still being
handled are lost then; see the README.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.ext.filters import BaseFilter

from bot import admin, handlers
from bot.addressing import ASK_COMMANDS, HELP_COMMANDS
from bot.buttons import CANCEL, CONTEXT, MORE, OVERWRITE
from bot.engine import knowledge_base
from bot.settings import GroupMode, Settings
from bot.texts import GERMAN, TRANSLATIONS, Texts
from knowledge import KnowledgeBase

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

RATE_LIMIT_RETRIES = 3
"""How often `AIORateLimiter` waits out Telegram's `RetryAfter` before giving up on a message."""


def private_commands(texts: Texts) -> list[BotCommand]:
    """The private chats' menu: there any text is a question, /ask is only for completeness."""
    return [
        BotCommand("help", texts.help_command),
        BotCommand("sources", texts.sources_command),
        BotCommand("ask", texts.ask_command),
    ]


def group_commands(texts: Texts) -> list[BotCommand]:
    """The groups' menu: /ask first, since there the bot answers only when asked."""
    return [
        BotCommand("ask", texts.ask_command_in_group),
        BotCommand("frage", texts.frage_command),
        BotCommand("help", texts.help_command),
        BotCommand("sources", texts.sources_command),
    ]


def admin_commands(texts: Texts) -> list[BotCommand]:
    """An admin's private chat: the private menu and the admin commands."""
    return [
        *private_commands(texts),
        BotCommand("reload", texts.reload_command),
        BotCommand("stats", texts.stats_command),
        BotCommand("unanswered", texts.unanswered_command),
    ]


NEW_MESSAGE = filters.UpdateType.MESSAGE
"""New messages only: an edited question was answered already."""


def build_application(settings: Settings, knowledge: KnowledgeBase) -> BotApplication:
    """The application with every handler, answering from `knowledge`; not yet started."""
    if settings.token is None:
        raise ValueError("BOT_TOKEN is not set")
    application = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_file_base_url)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(True)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        .post_init(start_up)
        .build()
    )
    application.bot_data[handlers.SERVICES] = handlers.Services(settings, knowledge)
    add_handlers(application)
    return application


def command(names: str | Collection[str], callback: handlers.Handler) -> CommandHandler[Any, None]:
    """A command in any chat; `CommandHandler` itself ignores `/cmd@otherbot`."""
    return CommandHandler(names, callback, filters=NEW_MESSAGE)


def button(kind: str, callback: handlers.Handler) -> CallbackQueryHandler[Any, None]:
    return CallbackQueryHandler(callback, pattern=f"^{kind}:")


def add_handlers(application: BotApplication) -> None:
    """Commands first: in one handler group the first match wins."""
    text: BaseFilter = NEW_MESSAGE & filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            command(HELP_COMMANDS, handlers.help_command),
            command("sources", handlers.sources_command),
            command(ASK_COMMANDS, handlers.ask_command),
            command("reload", admin.reload_command),
            command("stats", admin.stats_command),
            command("unanswered", admin.unanswered_command),
            MessageHandler(filters.ChatType.PRIVATE & text, handlers.private_question),
            MessageHandler(filters.ChatType.GROUPS & text, handlers.group_message),
            MessageHandler(
                filters.ChatType.PRIVATE & NEW_MESSAGE & filters.Document.ALL,
                admin.article_upload,
            ),
            MessageHandler(
                filters.ChatType.PRIVATE & NEW_MESSAGE & filters.COMMAND, handlers.unknown_command
            ),
            button(CONTEXT, handlers.context_button),
            button(MORE, handlers.more_button),
            button(OVERWRITE, admin.overwrite_button),
            button(CANCEL, admin.cancel_button),
            CallbackQueryHandler(handlers.stale_button),
            InlineQueryHandler(handlers.inline_query),
        ]
    )
    application.add_error_handler(handlers.error_handler)


async def start_up(application: BotApplication) -> None:
    """After `getMe`, before polling: the command menus, and what privacy mode lets through."""
    await set_commands(application)
    found: handlers.Services = application.bot_data[handlers.SERVICES]
    bot = application.bot
    if not bot.can_read_all_group_messages:
        level = logging.WARNING if found.settings.group_mode is GroupMode.ALL else logging.INFO
        logger.log(
            level,
            "privacy mode is on: groups deliver only /ask@%s, replies to the bot and inline "
            "queries; @mentions and BOT_GROUP_MODE=all need it off (see the README)",
            bot.username,
        )
    else:
        logger.info("privacy mode is off: groups deliver every message, @mentions included")
    logger.info(
        "ready as @%s, answering from %d articles", bot.username, len(found.knowledge.articles)
    )


MenuCommands = Callable[[Texts], list[BotCommand]]
"""One of the menus above, in a language."""


async def set_commands(application: BotApplication) -> None:
    """The command menus: private chats, groups, and each admin's private chat, each in German
    for everyone and in every language of `bot.texts.TRANSLATIONS` for its users.

    A menu that cannot be set is logged, not fatal: it is a convenience, and Telegram
    refuses an admin's menu ("chat not found") until that admin has written to the bot. Its
    other languages are then not tried: they would only be refused and logged again.
    """
    found: handlers.Services = application.bot_data[handlers.SERVICES]
    menus: list[tuple[str, MenuCommands, BotCommandScope]] = [
        ("private chats", private_commands, BotCommandScopeAllPrivateChats()),
        ("groups", group_commands, BotCommandScopeAllGroupChats()),
    ]
    menus += [
        (f"admin {admin_id}", admin_commands, BotCommandScopeChat(admin_id))
        for admin_id in found.settings.admin_ids
    ]
    languages: list[tuple[str | None, Texts]] = [(None, GERMAN), *TRANSLATIONS.items()]
    for name, commands, scope in menus:
        for language_code, texts in languages:
            try:
                await application.bot.set_my_commands(
                    commands(texts), scope=scope, language_code=language_code
                )
            except TelegramError as error:
                logger.warning(
                    "command menu for %s%s not set (%s); the next start tries again",
                    name,
                    "" if language_code is None else f" ({language_code})",
                    error,
                )
                break


ANSWER_LENGTH = 100
"""How much of an answer that is not JSON a log line quotes: enough to tell whose page it is."""


def masked(text: str, secret: str) -> str:
    """`text` with the token, also URL-encoded (as in request URLs), replaced by `[BOT_TOKEN]`."""
    for form in (secret, secret.replace(":", "%3A")):
        if form:
            text = text.replace(form, "[BOT_TOKEN]")
    return text


class RedactingFormatter(logging.Formatter):
    """Removes the token from every log line, tracebacks included (PTB puts it in some errors)."""

    def __init__(self, fmt: str, secret: str) -> None:
        super().__init__(fmt)
        self._secret = secret

    def format(self, record: logging.LogRecord) -> str:
        return masked(super().format(record), self._secret)


class StartUpFailureFilter(logging.Filter):
    """Drops what PTB logs about a failed start-up, which `run_bot` reports in one line instead:
    the traceback of the failed bootstrap step and, until the application runs, the record of
    an answer that is not JSON, whose traceback is `json.loads`'s (`run_bot`'s line quotes the
    answer). Once the bot runs, that record is the only place a bad answer is quoted: kept."""

    def __init__(self, application: BotApplication) -> None:
        super().__init__()
        self._application = application

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TelegramError):
            return "Bootstrap" not in record.getMessage()
        return not (
            isinstance(error, ValueError)
            and record.name == "telegram.request.BaseRequest"
            and not self._application.running
        )


def configure_logging(level: str, *, secret: str, application: BotApplication) -> None:
    """One handler for everything; `httpx` turned down, since it logs every poll with its URL."""
    handler = logging.StreamHandler()
    handler.addFilter(StartUpFailureFilter(application))
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secret)
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


PTB_PARSING_FAILED = ". Parsing the server response"
"""What PTB's message of an HTTP error says after the status when the body was not JSON."""


def page_answered(error: TelegramError, *, secret: str) -> str | None:
    """What answered instead of a Bot API, if a body that is not JSON (a web server's or a
    proxy's page) caused `error`: the HTTP status unless it was a success, and the body's
    start in one line, the token masked before it is cut. PTB raises its error from
    `json.loads`'s, and puts the status and the whole body, as `bytes`, in a message."""
    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__
    body = next((cause.doc for cause in chain if isinstance(cause, json.JSONDecodeError)), None)
    if body is None:
        return None
    page = " ".join(masked(body, secret).split())
    if len(page) > ANSWER_LENGTH:
        page = page[: ANSWER_LENGTH - 1] + "…"
    status = next(
        (
            f"{cause.message.partition(PTB_PARSING_FAILED)[0]} "
            for cause in chain
            if isinstance(cause, TelegramError) and PTB_PARSING_FAILED in cause.message
        ),
        "",  # a success: PTB raised "Invalid server response" without it
    )
    return f"{status}{page!r}, which is not Bot API JSON"


def start_up_failure(error: TelegramError, url: str, *, secret: str) -> str:
    """The one line that says why the Bot API at `url` (`BOT_API_URL`) stopped start-up.

    An answer that is not JSON is quoted whatever HTTP status came with it: it means
    something other than a Bot API answered, so a 404 page is no verdict on the token.
    """
    page = page_answered(error, secret=secret)
    if page is not None:
        return f"the Bot API at {url} answered: {page}"
    if isinstance(error, InvalidToken):
        return f"the Bot API at {url} rejected BOT_TOKEN"
    if isinstance(error, NetworkError):
        return f"cannot reach the Bot API at {url}: {error.message}"
    return f"the Bot API at {url} answered: {error.message}"


def run_bot(settings: Settings) -> int:
    """Load the articles and poll Telegram until Ctrl-C or SIGTERM; the process exit code."""
    secret = settings.token.get_secret_value() if settings.token else ""
    knowledge = knowledge_base(settings)
    application = build_application(settings, knowledge)
    configure_logging(settings.log_level, secret=secret, application=application)
    report = knowledge.reload()
    for error in report.errors:
        logger.warning("skipped %s", error)
    if not report.applied:
        logger.error("no article could be loaded from %s", settings.seeds_dir)
        return 1
    logger.info("%s", report.summary())
    try:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    except TelegramError as error:
        logger.error("%s", start_up_failure(error, settings.bot_api_base_url, secret=secret))
        return 1
    logger.info("stopped")
    return 0
