"""What the bot says: pure formatting, escaped for Telegram HTML, never over 4096 characters."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.admin_replies import duration, stats_reply, unanswered_reply, upload_invalid_reply
from bot.markup import HTML, PLAIN, Markup, message_length
from bot.replies import (
    MESSAGE_LIMIT,
    answer_reply,
    ask_hint_reply,
    context_reply,
    fact_reply,
    more_reply,
    no_answer_reply,
    reload_reply,
    small_talk_reply,
    sources_reply,
    unknown_command_reply,
    welcome_reply,
)
from bot.stats import Stats, Unanswered
from bot.texts import ENGLISH, GERMAN, Texts
from knowledge import Article, ArticleError, ArticleFact, ArticleField, Hit, ReloadReport, Sentence
from tests.bot.botapi import utf16_len
from tests.bot.telegram_html import telegram_html_problems, visible


def article(
    *,
    title: str = "Pinguine & <Otter>",
    url: str | None = "https://example.org/a?b=1&c=2",
    paragraphs: tuple[str, ...] = ("Erster Satz. Zweiter Satz.",),
) -> Article:
    return Article(
        id="a", title=title, date=dt.date(2024, 11, 5), author="Jana <J&B>", url=url,
        paragraphs=paragraphs, file_name="a.txt",
    )  # fmt: skip


def hit(
    text: str,
    matched: tuple[str, ...] = (),
    *,
    source: Article | None = None,
    paragraph: int = 1,
    position: int = 1,
) -> Hit:
    sentence = Sentence(text, source or article(), paragraph, position)
    return Hit(sentence, 0.9, matched, None, None)


def test_the_best_answer_comes_first_with_matched_words_in_bold_then_its_source() -> None:
    text = answer_reply(
        [
            hit(
                "Rund 32.000 Zwergpinguine leben dort & nirgends <sonst>.",
                ("Zwergpinguine", "leben"),
            )
        ],
        HTML,
        GERMAN,
    )

    lines = text.split("\n")
    assert (
        lines[0]
        == "Rund 32.000 <b>Zwergpinguine</b> <b>leben</b> dort &amp; nirgends &lt;sonst&gt;."
    )
    assert lines[1] == (
        "📰 <i>Pinguine &amp; &lt;Otter&gt;</i> · 05.11.2024 · "
        "Jana &lt;J&amp;B&gt; · Absatz 1, Satz 1"
    )
    assert lines[2] == '🔗 <a href="https://example.org/a?b=1&amp;c=2">Zum Artikel</a>'
    assert telegram_html_problems(text) == []


def test_without_url_there_is_no_link_and_without_author_no_author() -> None:
    plain = Article(
        id="b", title="T", date=dt.date(2024, 1, 2), author=None, url=None, paragraphs=("S.",)
    )

    text = answer_reply([hit("S.", source=plain)], HTML, GERMAN)

    assert text.split("\n")[1:] == ["📰 <i>T</i> · 02.01.2024 · Absatz 1, Satz 1"]


def test_a_named_source_follows_the_author_escaped() -> None:
    agency = Article(
        id="c", title="T", date=dt.date(2024, 1, 2), author="Jana", url=None,
        paragraphs=("S.",), source="dpa & <AFP>",
    )  # fmt: skip

    text = answer_reply([hit("S.", source=agency)], HTML, GERMAN)

    assert (
        text.split("\n")[1]
        == "📰 <i>T</i> · 02.01.2024 · Jana, dpa &amp; &lt;AFP&gt; · Absatz 1, Satz 1"
    )


def test_further_answers_are_numbered_and_shorter() -> None:
    long_text = "Wort " * 300
    text = answer_reply([hit("Beste Antwort."), hit(long_text), hit("Dritte.")], HTML, GERMAN)

    body = visible(text)
    assert "Weitere Treffer:\n2. Wort Wort" in body and "\n3. Dritte." in body
    assert len(body.split("\n2. ")[1].split("\n")[0]) < len(long_text) // 2


@pytest.mark.parametrize(
    "huge", ["<&> " * 5000, "😀 " * 5000], ids=["escaped characters", "emoji (two UTF-16 units)"]
)
def test_no_reply_exceeds_telegrams_limit_even_with_huge_sentences(huge: str) -> None:
    replies = [
        answer_reply([hit(huge, ("x",)) for _ in range(10)], HTML, GERMAN),
        more_reply([hit(huge) for _ in range(10)], 4, HTML, GERMAN),
        context_reply(Sentence(huge, article(paragraphs=(huge + " Mehr.",)), 1, 1), HTML, GERMAN),
        no_answer_reply([article(title=huge)] * 3, HTML, GERMAN),
        sources_reply([article(title=huge)] * 40, HTML, GERMAN),
        unanswered_reply([Unanswered(huge, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))] * 20, HTML),
        upload_invalid_reply(ArticleError("a.txt", 1, huge), HTML),
    ]

    for text in replies:
        assert utf16_len(visible(text)) <= MESSAGE_LIMIT
        assert message_length(text) <= MESSAGE_LIMIT
        assert telegram_html_problems(text) == []


def test_context_shows_the_whole_paragraph_with_the_answer_in_bold() -> None:
    source = article(paragraphs=("Erster Satz. Zweiter Satz & mehr. Dritter.",))

    text = context_reply(Sentence("Zweiter Satz & mehr.", source, 1, 2), HTML, GERMAN)

    assert text.startswith("Erster Satz. <b>Zweiter Satz &amp; mehr.</b> Dritter.\n📰 ")


def numbered_sentences(count: int) -> list[str]:
    """`count` sentences of 100 characters each, told apart by their number."""
    return [
        f"Satz {number:02d} erzählt, was geschah & was noch dazu gehört, "
        "sodass er am Ende genau einhundert Zeichen hat."
        for number in range(1, count + 1)
    ]


def context_of(sentences: list[str], position: int, markup: Markup) -> tuple[str, str]:
    """The Kontext reply for the sentence at `position` of a one-paragraph article, and its body:
    what it shows of the paragraph, as a user reads it."""
    source = article(paragraphs=(" ".join(sentences),))
    text = context_reply(Sentence(sentences[position - 1], source, 1, position), markup, GERMAN)
    body = text.split("\n📰 ")[0]
    return text, visible(body) if markup is HTML else body


def test_context_too_long_for_a_message_shows_whole_sentences_around_the_answer() -> None:
    sentences = numbered_sentences(60)

    text, body = context_of(sentences, 30, HTML)

    assert "<b>Satz 30 erzählt, was geschah &amp; was noch dazu gehört," in text
    assert len(visible(text)) <= MESSAGE_LIMIT and telegram_html_problems(text) == []
    assert body.startswith("… ") and body.endswith(" …")
    shown = body.removeprefix("… ").removesuffix(" …")
    first, last = sentences.index(shown[:100]), sentences.index(shown[-100:])
    assert shown == " ".join(sentences[first : last + 1])
    assert first < 28 and last > 30, "at least the neighbours on both sides"
    assert abs((29 - first) - (last - 29)) <= 1, "as many sentences before as after"
    assert message_length(text + " " + HTML.text(sentences[0])) > MESSAGE_LIMIT, "no room for more"


def test_context_of_a_paragraph_full_of_emoji_fits_when_telegram_counts_them_twice() -> None:
    sentences = [f"Satz {number:03d} {'😀' * 20} mit Emojis." for number in range(1, 201)]

    text, body = context_of(sentences, 100, HTML)

    assert f"<b>{sentences[99]}</b>" in text and body.startswith("… ") and body.endswith(" …")
    assert utf16_len(visible(text)) <= MESSAGE_LIMIT


def test_context_near_the_start_of_a_long_paragraph_shows_more_sentences_after() -> None:
    sentences = numbered_sentences(60)

    _, console = context_of(sentences, 2, PLAIN)
    _, telegram = context_of(sentences, 2, HTML)

    assert console.startswith(f"{sentences[0]} *{sentences[1]}* {sentences[2]} ")
    assert console.endswith(" …") and console.count("Satz ") > 30
    assert console.replace("*", "") == telegram


def test_context_shows_a_long_paragraph_whole_while_it_fits_one_message() -> None:
    sentences = numbered_sentences(37)  # 3,736 characters, 3,884 escaped: the source line fits

    text, body = context_of(sentences, 20, HTML)

    assert body == " ".join(sentences)
    assert "<b>Satz 20 erzählt, was geschah &amp; was noch dazu gehört," in text
    assert len(visible(text)) <= MESSAGE_LIMIT


# Questions about an article itself


def test_the_author_is_named_in_a_sentence_then_the_article_without_a_place() -> None:
    text = fact_reply(ArticleFact(article(), ArticleField.AUTHOR), HTML, GERMAN)

    assert text.split("\n") == [
        "Den Artikel „Pinguine &amp; &lt;Otter&gt;“ hat Jana &lt;J&amp;B&gt; geschrieben.",
        "📰 <i>Pinguine &amp; &lt;Otter&gt;</i> · 05.11.2024 · Jana &lt;J&amp;B&gt;",
        '🔗 <a href="https://example.org/a?b=1&amp;c=2">Zum Artikel</a>',
    ]
    assert telegram_html_problems(text) == []


@pytest.mark.parametrize(
    ("field", "texts", "expected"),
    [
        (ArticleField.DATE, GERMAN, "„Pinguine“ ist am 05.11.2024 erschienen."),
        (ArticleField.SOURCE, GERMAN, "„Pinguine“ stammt von dpa."),
        (ArticleField.AUTHOR, ENGLISH, "“Pinguine” was written by Jana <J&B>."),
        (ArticleField.DATE, ENGLISH, "“Pinguine” was published on 2024-11-05."),
        (ArticleField.SOURCE, ENGLISH, "“Pinguine” comes from dpa."),
    ],
)
def test_each_field_is_answered_in_the_users_language(
    field: ArticleField, texts: Texts, expected: str
) -> None:
    agency = replace(article(title="Pinguine", url=None), source="dpa")

    text = fact_reply(ArticleFact(agency, field), PLAIN, texts)

    assert text.split("\n")[0] == expected


@pytest.mark.parametrize(
    ("field", "texts", "expected"),
    [
        (ArticleField.AUTHOR, GERMAN, "Im Artikel „T“ ist kein Autor angegeben."),
        (ArticleField.SOURCE, GERMAN, "Im Artikel „T“ ist keine Quelle angegeben."),
        (ArticleField.AUTHOR, ENGLISH, "The article “T” names no author."),
        (ArticleField.SOURCE, ENGLISH, "The article “T” names no source."),
    ],
)
def test_a_field_the_header_lacks_is_said_to_be_missing(
    field: ArticleField, texts: Texts, expected: str
) -> None:
    bare = Article(
        id="b", title="T", date=dt.date(2024, 1, 2), author=None, url=None, paragraphs=("S.",)
    )

    assert fact_reply(ArticleFact(bare, field), PLAIN, texts).split("\n") == [
        expected,
        f"📰 T · {dt.date(2024, 1, 2).strftime(texts.date_format)}",
    ]


def test_a_fact_about_an_article_with_a_huge_title_fits_one_message() -> None:
    huge = article(title="<Pinguine> & " * 1000)

    text = fact_reply(ArticleFact(huge, ArticleField.DATE), HTML, GERMAN)

    assert message_length(text) <= MESSAGE_LIMIT
    assert telegram_html_problems(text) == []


def test_more_answers_continue_the_numbering() -> None:
    assert visible(more_reply([hit("A."), hit("B.")], 4, HTML, GERMAN)).startswith(
        "Weitere Treffer:\n4. A."
    )


def test_nothing_found_says_so_and_suggests_the_closest_titles() -> None:
    text = no_answer_reply([article(title="Otter <3"), article(title="Pinguine")], HTML, GERMAN)

    assert visible(text).split("\n") == [
        "Dazu habe ich in den Artikeln nichts Passendes gefunden. 🤷",
        "Versuche es mit anderen Stichwörtern oder einer konkreteren Frage.",
        "",
        "Vielleicht hilft einer dieser Artikel:",
        "• Otter <3",
        "• Pinguine",
    ]


def test_welcome_counts_the_articles_and_says_how_to_ask_in_private_and_in_groups() -> None:
    private = welcome_reply([article()] * 2, "Was weißt du über Werften?", PLAIN, GERMAN)
    group = welcome_reply(
        [article()] * 2, "Was weißt du über Werften?", PLAIN, GERMAN, in_group=True
    )

    assert private.startswith("Ich beantworte Fragen zu 2 Nachrichtenartikeln")
    assert "Schreib mir einfach deine Frage, zum Beispiel: Was weißt du über Werften?" in private
    assert "Schreib /ask und deine Frage, zum Beispiel: Was weißt du über Werften?" in group
    assert "/sources" in private and len(private.split("\n")) <= 3


def test_help_texts_without_an_example_still_say_how_to_ask() -> None:
    assert "Schreib mir einfach deine Frage.\n" in welcome_reply([article()], None, PLAIN, GERMAN)
    assert "Frag mich einfach.\n" in small_talk_reply(None, PLAIN, GERMAN)
    assert (
        ask_hint_reply(None, PLAIN, GERMAN)
        == "Schreib deine Frage hinter den Befehl: /ask deine Frage"
    )


def test_in_english_nothing_found_says_so_and_the_titles_stay_as_written() -> None:
    text = no_answer_reply([article(title="Pinguine")], HTML, ENGLISH)

    assert visible(text).split("\n") == [
        "I found nothing in the articles that answers this. 🤷",
        "Try other keywords or a more specific question.",
        "",
        "Perhaps one of these articles helps:",
        "• Pinguine",
    ]


def test_in_english_the_help_text_counts_the_articles_and_says_how_to_ask() -> None:
    one = welcome_reply([article()], "Was weißt du über Werften?", PLAIN, ENGLISH)
    group = welcome_reply([article()] * 2, None, PLAIN, ENGLISH, in_group=True)

    assert one == (
        "I answer questions about 1 news article and name the source. "
        "Just write me your question, for example: Was weißt du über Werften?\n"
        "/sources shows the articles."
    )
    assert group.startswith(
        "I answer questions about 2 news articles and name the source. "
        "Write /ask and your question.\n"
    )


def test_in_english_the_short_hints_say_the_same_as_in_german() -> None:
    assert small_talk_reply(None, PLAIN, ENGLISH) == (
        "Hello! 👋 I answer questions about my articles. Just ask me.\n"
        "/sources shows which articles I know."
    )
    assert ask_hint_reply("Wer?", PLAIN, ENGLISH) == (
        "Write your question after the command, for example: /ask Wer?"
    )
    assert unknown_command_reply([], None, PLAIN, ENGLISH).startswith(
        "I don't know that command.\nI answer questions about 0 news articles"
    )


def test_in_english_sources_are_counted_and_dated_year_first() -> None:
    text = sources_reply([article(title="Pinguine")], PLAIN, ENGLISH)

    assert text == "*I know 1 article:*\n• Pinguine (2024-11-05)"


def test_an_example_from_a_title_is_escaped_in_html() -> None:
    example = "Was weißt du über AT&T <Mobil>?"

    for text in (
        welcome_reply([article()], example, HTML, GERMAN),
        small_talk_reply(example, HTML, GERMAN),
        ask_hint_reply(example, HTML, GERMAN),
    ):
        assert "AT&amp;T &lt;Mobil&gt;" in text
        assert not telegram_html_problems(text)


def test_the_reload_report_names_counts_time_and_every_skipped_file() -> None:
    report = ReloadReport(True, 3, 120, (ArticleError("x<.txt", 2, "not a date"),), 0.256)

    text = reload_reply(report, HTML)

    assert text.split("\n") == [
        "✅ Neu geladen: 3 Artikel, 120 Sätze in 0.26 s.",
        "<b>1 Datei übersprungen:</b>",
        "• x&lt;.txt:2: not a date",
    ]


@pytest.fixture
def berlin_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("berlin_time")
def test_unanswered_questions_show_when_in_the_servers_time_zone_named() -> None:
    asked = Unanswered("Wer?", dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC))

    assert "• 01.01. 13:00 CET: Wer?" in unanswered_reply([asked], PLAIN)


def test_counts_of_one_take_the_singular() -> None:
    one_error = (ArticleError("x.txt", 2, "not a date"),)
    asked = Unanswered("Wer?", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))

    welcome = welcome_reply([article()], None, PLAIN, GERMAN)
    reloaded = visible(reload_reply(ReloadReport(True, 1, 1, one_error, 0.1), HTML))
    failed = visible(reload_reply(ReloadReport(False, 0, 0, one_error * 2, 0.1), HTML))
    unanswered = visible(unanswered_reply([asked], HTML))

    assert welcome.startswith("Ich beantworte Fragen zu 1 Nachrichtenartikel und")
    assert reloaded.startswith(
        "✅ Neu geladen: 1 Artikel, 1 Satz in 0.10 s.\n1 Datei übersprungen:"
    )
    assert "\n2 Dateien übersprungen:\n" in failed
    assert unanswered.startswith("Die letzte Frage ohne Antwort:")


def test_stats_show_uptime_knowledge_counts_and_median() -> None:
    stats = Stats()
    stats.record("a", answered=True, seconds=0.012)

    lines = visible(stats_reply(stats, articles=2, sentences=40, markup=HTML)).split("\n")

    assert lines[2:] == [
        "Artikel: 2 · Sätze: 40",
        "Fragen beantwortet: 1 · ohne Antwort: 0",
        "Antwortzeit (Median): 12 ms",
    ]


def test_durations_show_the_two_largest_units() -> None:
    assert duration(dt.timedelta(seconds=0)) == "0 s"
    assert duration(dt.timedelta(seconds=42)) == "42 s"
    assert duration(dt.timedelta(hours=2, minutes=5, seconds=9)) == "2 h 5 min"
    assert duration(dt.timedelta(days=3, hours=4, minutes=1)) == "3 d 4 h"


def test_no_unanswered_question_is_good_news() -> None:
    assert unanswered_reply([], HTML) == "Seit dem Start blieb keine Frage unbeantwortet. 🎉"
