"""Admin-only handlers: /reload, /stats, /unanswered and article uploads. `bot.app` wires them.

Every handler starts with `is_admin`, which refuses anyone not in `BOT_ADMIN_IDS` politely
(in their language, `bot.texts`) and logs the attempt with the user id. The command menu
only *shows* these commands to admins; this check is what guards them.

Admins are exempt from flood control; a refusal is a reply like any other and costs anyone
else a question (`bot.handlers.within_limit`): over the limit they are warned once, then
get no reply, though every attempt is still logged.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.admin_replies import (
    UNANSWERED_ONLY_PRIVATE,
    stats_reply,
    unanswered_reply,
    upload_cancelled_reply,
    upload_exists_reply,
    upload_invalid_reply,
    upload_saved_reply,
)
from bot.buttons import callback_value, overwrite_keyboard
from bot.handlers import Context, services, texts_of, within_limit
from bot.markup import HTML
from bot.replies import reload_reply
from bot.uploads import PendingUpload, UploadProblem, check_size, safe_file_name, save_article
from knowledge import ArticleError

logger = logging.getLogger(__name__)


async def is_admin(update: Update, context: Context, action: str) -> bool:
    """Admins pass; anyone else is refused politely, and the attempt is logged with the user id."""
    user = update.effective_user
    if user is not None and user.id in services(context).settings.admin_ids:
        return True
    logger.warning(
        "refused %s for user %s (not in BOT_ADMIN_IDS)", action, user.id if user else None
    )
    if not await within_limit(update, context):
        return False
    refusal = texts_of(update).refusal
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(refusal)
    return False


async def reload_command(update: Update, context: Context) -> None:
    """/reload: re-read the seeds folder; the old articles stay if nothing loads."""
    message = update.effective_message
    if message is None or not await is_admin(update, context, "/reload"):
        return
    report = await asyncio.to_thread(services(context).knowledge.reload)
    logger.info(
        "reload by user %s: %s", message.from_user and message.from_user.id, report.summary()
    )
    await message.reply_text(reload_reply(report, HTML))


async def stats_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await is_admin(update, context, "/stats"):
        return
    found = services(context)
    knowledge = found.knowledge
    text = stats_reply(
        found.stats,
        articles=len(knowledge.articles),
        sentences=knowledge.sentence_count,
        markup=HTML,
    )
    await message.reply_text(text)


async def unanswered_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await is_admin(update, context, "/unanswered"):
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(UNANSWERED_ONLY_PRIVATE)
        return
    await message.reply_text(unanswered_reply(services(context).stats.last_unanswered(), HTML))


async def article_upload(update: Update, context: Context) -> None:
    """An admin's `.txt` document in a private chat: check it, save it, reload."""
    message = update.effective_message
    if (
        message is None
        or message.document is None
        or not await is_admin(update, context, "an upload")
    ):
        return
    document = message.document
    try:
        file_name = safe_file_name(document.file_name)
        check_size(document.file_size)
    except UploadProblem as problem:
        await message.reply_text(HTML.text(str(problem)))
        return
    content = bytes(await (await document.get_file()).download_as_bytearray())
    admin_id = message.from_user.id if message.from_user else 0
    text, keyboard = await store_article(
        context, PendingUpload(file_name, content, admin_id), overwrite=False
    )
    await message.reply_text(text, reply_markup=keyboard)


async def store_article(
    context: Context, upload: PendingUpload, *, overwrite: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Save and reload, or ask before overwriting; the reply text and its buttons."""
    found = services(context)
    seeds_dir = found.knowledge.seeds_dir
    try:
        article = await asyncio.to_thread(
            save_article, seeds_dir, upload.file_name, upload.content, overwrite=overwrite
        )
    except ArticleError as error:
        return upload_invalid_reply(error, HTML), None
    if article is None:
        return upload_exists_reply(upload.file_name, HTML), overwrite_keyboard(
            found.uploads.put(upload)
        )
    logger.info("user %s saved %s into %s", upload.admin_id, upload.file_name, seeds_dir)
    report = await asyncio.to_thread(found.knowledge.reload)
    return upload_saved_reply(article, report, HTML), None


async def upload_button(update: Update, context: Context, *, overwrite: bool) -> None:
    query = update.callback_query
    assert query is not None
    if not await is_admin(update, context, "overwriting an article"):
        return
    upload = services(context).uploads.pop(callback_value(query.data))
    if upload is None:
        await query.answer(texts_of(update).stale_button, show_alert=True)
        return
    await query.answer()
    if overwrite:
        text, _ = await store_article(context, upload, overwrite=True)
    else:
        text = upload_cancelled_reply(upload.file_name, HTML)
    await query.edit_message_text(text)


async def overwrite_button(update: Update, context: Context) -> None:
    await upload_button(update, context, overwrite=True)


async def cancel_button(update: Update, context: Context) -> None:
    await upload_button(update, context, overwrite=False)
