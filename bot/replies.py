"""What the bot says, as pure functions from answers to text in a given markup and language.

Nothing here talks to Telegram; handlers and the console call these and send the
result. The bot's own words come from `bot.texts`; quoted sentences and titles stay as
written. Every reply fits one Telegram message (4096 characters, counted by `message_length`
never fewer than Telegram counts them) by shortening the quoted text or showing fewer
sentences of a paragraph, never by cutting markup apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from bot.markup import HTML, Markup, message_length
from bot.texts import Texts
from knowledge import Article, ArticleFact, ArticleField, Hit, ReloadReport, Sentence
from knowledge.counts import counted
from knowledge.sentences import split_sentences

MESSAGE_LIMIT = 4096
"""Telegram's limit for one message's text, in characters after entity parsing."""

QUOTE_LIMITS = (1200, 500, 200, 80)
"""Successively shorter caps for quoted sentences, tried until a reply fits."""


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut, so a shortened quote reads as one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def highlighted(text: str, matched: Sequence[str], markup: Markup) -> str:
    """The sentence with the words that matched the question in bold."""
    if not matched:
        return markup.text(text)
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(word) for word in sorted(matched, key=len, reverse=True))
        + r")(?!\w)"
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(markup.text(text[position : match.start()]))
        pieces.append(markup.bold(match.group()))
        position = match.end()
    pieces.append(markup.text(text[position:]))
    return "".join(pieces)


def source_line(sentence: Sentence, markup: Markup, texts: Texts) -> str:
    """Title, date, author and place in the article: enough to find and trust the quote."""
    place = texts.place.format(paragraph=sentence.paragraph, sentence=sentence.position)
    return article_line(sentence.article, markup, texts, place=place)


def article_line(
    article: Article, markup: Markup, texts: Texts, *, place: str | None = None
) -> str:
    """Title, date, author (and the place of a quote, if any) and the link of an article."""
    parts = [markup.italic(article.title), markup.text(article.date.strftime(texts.date_format))]
    if article.byline:
        parts.append(markup.text(article.byline))
    if place is not None:
        parts.append(markup.text(place))
    line = "📰 " + " · ".join(parts)
    if article.url:
        line += "\n🔗 " + markup.link(texts.to_article, article.url)
    return line


def fit_message(render: Callable[[int], str]) -> str:
    """Render with ever shorter quotes (the argument) until the message fits Telegram's limit.

    As a last resort whole lines are dropped from the end: each line closes its own
    tags, so the message stays valid HTML.
    """
    for limit in QUOTE_LIMITS:
        text = render(limit)
        if message_length(text) <= MESSAGE_LIMIT:
            return text
    lines = text.split("\n")
    while message_length("\n".join(lines)) > MESSAGE_LIMIT - 2:
        lines.pop()
    return "\n".join([*lines, "…"])


def answer_reply(hits: Sequence[Hit], markup: Markup, texts: Texts) -> str:
    """The best answer in full with its source, then the others in short; an answer the
    answer model is not sure of says so first."""
    best, others = hits[0], hits[1:]
    doubt = "" if best.sure else markup.italic(texts.doubt) + " "

    def render(limit: int) -> str:
        lines = [
            doubt + highlighted(shorten(best.sentence.text, limit), best.matched, markup),
            source_line(best.sentence, markup, texts),
        ]
        if others:
            lines += ["", markup.bold(texts.more_hits)]
            lines += [
                _short_hit(number, hit, markup, texts, limit // 3)
                for number, hit in enumerate(others, 2)
            ]
        return "\n".join(lines)

    return fit_message(render)


def fact_reply(fact: ArticleFact, markup: Markup, texts: Texts) -> str:
    """The header field a question about an article asked for, in a sentence naming the
    article, or that the header names none; then the article's source line."""
    value = fact.value
    shown = value.strftime(texts.date_format) if isinstance(value, dt.date) else value
    template = _fact_template(fact.field, texts, named=shown is not None)

    def render(limit: int) -> str:
        title = markup.text(shorten(fact.article.title, limit))
        answer = markup.text(template).format(title=title, value=markup.text(shown or ""))
        return f"{answer}\n{article_line(fact.article, markup, texts)}"

    return fit_message(render)


def _fact_template(field: ArticleField, texts: Texts, *, named: bool) -> str:
    """The sentence for a field the header names, or for one it does not (never the date)."""
    match field:
        case ArticleField.AUTHOR:
            return texts.written_by if named else texts.no_author
        case ArticleField.DATE:
            return texts.published_on
        case ArticleField.SOURCE:
            return texts.comes_from if named else texts.no_source


def _short_hit(number: int, hit: Hit, markup: Markup, texts: Texts, limit: int) -> str:
    sentence = hit.sentence
    return (
        f"{number}. {highlighted(shorten(sentence.text, max(limit, 80)), hit.matched, markup)}\n"
        f"   — {markup.italic(shorten(sentence.article.title, 80))}, "
        f"{markup.text(texts.paragraph.format(paragraph=sentence.paragraph))}"
    )


def more_reply(hits: Sequence[Hit], first_number: int, markup: Markup, texts: Texts) -> str:
    """Further answers, numbered on from those already shown."""

    def render(limit: int) -> str:
        lines = [markup.bold(texts.more_hits)]
        lines += [
            _short_hit(number, hit, markup, texts, limit)
            for number, hit in enumerate(hits, first_number)
        ]
        return "\n".join(lines)

    return fit_message(render)


CUT_BEFORE, CUT_AFTER = "… ", " …"
"""Where a Kontext window leaves out the paragraph's first or last sentences."""


def context_reply(sentence: Sentence, markup: Markup, texts: Texts) -> str:
    """The answer's paragraph, the answer itself in bold, and its source.

    The whole paragraph when it fits one message; otherwise the whole sentences around the
    answer that fit (`sentence_window`), with "…" where the paragraph goes on. An answer too
    long for a message on its own is shortened. The window is measured as sent to Telegram,
    so the console shows the same sentences as the bot sends.
    """
    paragraph, spans, answer = _sentence_spans(sentence)
    source = source_line(sentence, markup, texts)

    def render(first: int, last: int, markup: Markup) -> str:
        (start, _), (answer_start, answer_end), (_, end) = (
            spans[first],
            spans[answer],
            spans[last - 1],
        )
        before = CUT_BEFORE if first > 0 else ""
        after = CUT_AFTER if last < len(spans) else ""
        return (
            markup.text(before + paragraph[start:answer_start])
            + markup.bold(paragraph[answer_start:answer_end])
            + markup.text(paragraph[answer_end:end] + after)
            + f"\n{source_line(sentence, markup, texts)}"
        )

    window = sentence_window(
        len(spans),
        answer,
        lambda first, last: message_length(render(first, last, HTML)) <= MESSAGE_LIMIT,
    )
    if window is None:
        return fit_message(lambda limit: f"{markup.bold(shorten(sentence.text, limit))}\n{source}")
    return render(*window, markup)


def sentence_window(
    count: int, answer: int, fits: Callable[[int, int], bool]
) -> tuple[int, int] | None:
    """The sentences `first:last` around sentence `answer` of `count` that `fits` one message.

    The window grows by one whole sentence on each side in turn; a side stops at the
    paragraph's end or at a sentence that does not fit, and the other side goes on. None
    when the answer alone does not fit.
    """
    first, last = answer, answer + 1
    if not fits(first, last):
        return None
    grow_before = grow_after = True
    while grow_before or grow_after:
        grow_before = grow_before and first > 0 and fits(first - 1, last)
        if grow_before:
            first -= 1
        grow_after = grow_after and last < count and fits(first, last + 1)
        if grow_after:
            last += 1
    return first, last


def _sentence_spans(sentence: Sentence) -> tuple[str, list[tuple[int, int]], int]:
    """The sentence's paragraph, where each of its sentences stands in it, and which is this one.

    A sentence that is not at its position in the paragraph (made by hand, or the
    paragraph changed) stands alone, as a paragraph of one sentence.
    """
    paragraph = sentence.paragraph_text
    texts = split_sentences(paragraph)
    answer = sentence.position - 1
    if not (0 <= answer < len(texts) and texts[answer] == sentence.text):
        return sentence.text, [(0, len(sentence.text))], 0
    spans: list[tuple[int, int]] = []
    end = 0
    for text in texts:  # each is a substring of the paragraph, in order
        start = paragraph.index(text, end)
        end = start + len(text)
        spans.append((start, end))
    return paragraph, spans, answer


def no_answer_reply(suggestions: Sequence[Article], markup: Markup, texts: Texts) -> str:
    """Say plainly that the articles do not answer this, and where to look instead."""
    lines = [markup.text(texts.nothing_found)]
    if suggestions:
        lines += ["", markup.bold(texts.perhaps_articles)]
        lines += [f"• {markup.italic(shorten(article.title, 200))}" for article in suggestions]
    return fit_message(lambda _: "\n".join(lines))


def ask_hint_reply(example: str | None, markup: Markup, texts: Texts) -> str:
    """`/ask` on its own: show how a question goes."""
    lead = texts.ask_hint if example is None else texts.ask_hint + texts.for_example
    asked = texts.your_question if example is None else example
    return f"{markup.text(lead)}: {markup.italic('/ask ' + asked)}"


def unknown_command_reply(
    articles: Sequence[Article], example: str | None, markup: Markup, texts: Texts
) -> str:
    """An unknown command in a private chat: the welcome, so the user sees what works."""
    return (
        f"{markup.text(texts.unknown_command)}\n{welcome_reply(articles, example, markup, texts)}"
    )


def small_talk_reply(example: str | None, markup: Markup, texts: Texts) -> str:
    """A friendly nudge towards what the bot can do."""
    nudge = texts.just_ask if example is None else texts.ask_for_example
    return (
        f"{markup.text(f'{texts.greeting} {nudge}')}{_example(example, markup)}\n"
        f"{markup.text(texts.small_talk_sources)}"
    )


def welcome_reply(
    articles: Sequence[Article],
    example: str | None,
    markup: Markup,
    texts: Texts,
    *,
    in_group: bool = False,
) -> str:
    """What the bot knows and how to ask it, in three lines."""
    how = texts.ask_in_group if in_group else texts.ask_in_private
    if example is not None:
        how += texts.for_example
    articles_count = counted(len(articles), *texts.news_articles)
    return (
        f"{markup.text(texts.welcome.format(articles=articles_count))} "
        f"{markup.text(how)}{_example(example, markup)}\n"
        f"{markup.text(texts.welcome_sources)}"
    )


def _example(example: str | None, markup: Markup) -> str:
    """`: <example>` to end a sentence with, or a full stop where the articles give none."""
    return "." if example is None else f": {markup.italic(example)}"


def sources_reply(
    articles: Sequence[Article], markup: Markup, texts: Texts, *, limit: int = 30
) -> str:
    """The titles the bot answers from, newest first."""
    if not articles:
        return markup.text(texts.no_articles)
    newest = sorted(articles, key=lambda article: article.date, reverse=True)
    known = counted(len(articles), *texts.articles)
    lines = [markup.bold(texts.known_articles.format(articles=known))]
    lines += [
        f"• {markup.italic(shorten(article.title, 150))} "
        f"({markup.text(article.date.strftime(texts.date_format))})"
        for article in newest[:limit]
    ]
    if len(newest) > limit:
        lines.append(markup.text(texts.and_more.format(count=len(newest) - limit)))
    return fit_message(lambda _: "\n".join(lines))


def reload_reply(report: ReloadReport, markup: Markup) -> str:
    """The reload's outcome and every skipped file with its error, for the admin to fix."""
    if report.applied:
        counts = f"{report.articles} Artikel, {counted(report.sentences, 'Satz', 'Sätze')}"
        head = f"✅ Neu geladen: {counts} in {report.seconds:.2f} s."
    else:
        head = "❌ Nichts geladen; die bisherigen Artikel bleiben aktiv."
    lines = [markup.text(head)]
    if report.errors:
        skipped = counted(len(report.errors), "Datei", "Dateien")
        lines.append(markup.bold(f"{skipped} übersprungen:"))
        lines += [f"• {markup.text(shorten(str(error), 300))}" for error in report.errors[:10]]
        if len(report.errors) > 10:
            lines.append(markup.text(f"… und {len(report.errors) - 10} weitere."))
    return fit_message(lambda _: "\n".join(lines))
