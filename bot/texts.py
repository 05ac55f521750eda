"""The bot's own words in each language it speaks to Telegram users, and which one a user gets.

Every text the bot writes itself (not the quoted article sentences, which stay as written)
is a field of `Texts`, once per language, so a language is added as one more instance and
a missing text is a type error, not a German word in an English reply. The console chat,
the CLI and the admins' replies stay German.

Fields with `{name}` are templates for `str.format`; pairs are a noun's singular and
plural for `knowledge.counts.counted`. No text holds `<`, `>` or `&`, so each may be sent
as Telegram HTML as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Texts:
    """Everything the bot says in its own words, in one language."""

    date_format: str
    """`strftime` format of an article's date in a source line."""
    place: str
    """Where a quoted sentence stands: `{paragraph}` and `{sentence}`."""
    paragraph: str
    """Where a further answer stands: `{paragraph}`."""
    to_article: str
    more_hits: str
    written_by: str
    """A question about an article's author: `{title}` and `{value}`, the author."""
    no_author: str
    """The article asked about names no author: `{title}`."""
    published_on: str
    """A question about an article's date: `{title}` and `{value}`, the date."""
    comes_from: str
    """A question about an article's source: `{title}` and `{value}`, its name or link."""
    no_source: str
    """The article asked about names no source: `{title}`."""
    doubt: str
    """Before a first answer the answer model is not sure of: honest, without hiding it."""
    no_more: str
    """The "Mehr" button found nothing beyond what was shown (the articles changed meanwhile)."""
    nothing_found: str
    perhaps_articles: str
    greeting: str
    """Small talk: who the bot is, followed by `just_ask` or `ask_for_example`."""
    just_ask: str
    ask_for_example: str
    small_talk_sources: str
    welcome: str
    """/start and /help: what the bot knows, `{articles}` being `news_articles` counted."""
    news_articles: tuple[str, str]
    ask_in_private: str
    ask_in_group: str
    for_example: str
    """Appended to `ask_in_private`, `ask_in_group` or `ask_hint` before an example question."""
    welcome_sources: str
    ask_hint: str
    """/ask on its own: put the question after the command (`/ask your_question`)."""
    your_question: str
    unknown_command: str
    no_articles: str
    known_articles: str
    """Heading of /sources: `{articles}` being `articles` counted."""
    articles: tuple[str, str]
    and_more: str
    """After a list cut short: `{count}` left out."""
    context_button: str
    more_button: str
    stale_button: str
    """For buttons whose sentence or question is gone (the articles changed, or the bot
    restarted)."""
    flood_warning: str
    """Sent once per window to a user over `BOT_USER_RATE` questions; then they are ignored."""
    apology: str
    """What a user sees when handling their message failed; the details go to the log."""
    refusal: str
    """An admin command from anyone else: polite, and it tells nothing about who the admins are."""
    help_command: str
    sources_command: str
    ask_command: str
    """/ask in the private chats' menu, where any text is a question."""
    ask_command_in_group: str
    frage_command: str
    reload_command: str
    stats_command: str
    unanswered_command: str


GERMAN = Texts(
    date_format="%d.%m.%Y",
    place="Absatz {paragraph}, Satz {sentence}",
    paragraph="Absatz {paragraph}",
    to_article="Zum Artikel",
    more_hits="Weitere Treffer:",
    written_by="Den Artikel „{title}“ hat {value} geschrieben.",
    no_author="Im Artikel „{title}“ ist kein Autor angegeben.",
    published_on="„{title}“ ist am {value} erschienen.",
    comes_from="„{title}“ stammt von {value}.",
    no_source="Im Artikel „{title}“ ist keine Quelle angegeben.",
    doubt="Ich bin nicht sicher, aber vielleicht:",
    no_more="Weitere Treffer habe ich dazu nicht.",
    nothing_found="Dazu habe ich in den Artikeln nichts Passendes gefunden. 🤷\n"
    "Versuche es mit anderen Stichwörtern oder einer konkreteren Frage.",
    perhaps_articles="Vielleicht hilft einer dieser Artikel:",
    greeting="Hallo! 👋 Ich beantworte Fragen zu meinen Artikeln.",
    just_ask="Frag mich einfach",
    ask_for_example="Frag mich zum Beispiel",
    small_talk_sources="Mit /sources siehst du, welche Artikel ich kenne.",
    welcome="Ich beantworte Fragen zu {articles} und nenne die Quelle.",
    news_articles=("Nachrichtenartikel", "Nachrichtenartikeln"),
    ask_in_private="Schreib mir einfach deine Frage",
    ask_in_group="Schreib /ask und deine Frage",
    for_example=", zum Beispiel",
    welcome_sources="Die Artikel siehst du mit /sources.",
    ask_hint="Schreib deine Frage hinter den Befehl",
    your_question="deine Frage",
    unknown_command="Diesen Befehl kenne ich nicht.",
    no_articles="Ich habe gerade keine Artikel geladen.",
    known_articles="Ich kenne {articles}:",
    articles=("Artikel", "Artikel"),
    and_more="… und {count} weitere.",
    context_button="📖 Kontext",
    more_button="🔎 Mehr",
    stale_button="Diese Schaltfläche ist nicht mehr aktuell. Bitte stell die Frage noch einmal.",
    flood_warning="Du fragst gerade sehr schnell – bitte warte einen Moment.",  # noqa: RUF001
    apology="Entschuldigung, da ist etwas schiefgegangen. Bitte versuch es gleich noch einmal.",
    refusal="Das dürfen nur die Admins dieses Bots. "
    "Fragen zu den Artikeln beantworte ich dir aber gern.",
    help_command="Was ich weiß und wie du fragst",
    sources_command="Die Artikel, aus denen ich antworte",
    ask_command="Eine Frage stellen (oder schreib sie einfach)",
    ask_command_in_group="Eine Frage zu den Artikeln: /ask und deine Frage",
    frage_command="Wie /ask",
    reload_command="Artikel neu einlesen",
    stats_command="Statistik seit dem Start",
    unanswered_command="Die letzten Fragen ohne Antwort",
)
"""The default, for every user whose language has no texts of its own."""

ENGLISH = Texts(
    date_format="%Y-%m-%d",
    place="Paragraph {paragraph}, sentence {sentence}",
    paragraph="Paragraph {paragraph}",
    to_article="Read the article",
    more_hits="More results:",
    written_by="“{title}” was written by {value}.",
    no_author="The article “{title}” names no author.",
    published_on="“{title}” was published on {value}.",
    comes_from="“{title}” comes from {value}.",
    no_source="The article “{title}” names no source.",
    doubt="I am not sure, but perhaps:",
    no_more="I have no further results for this.",
    nothing_found="I found nothing in the articles that answers this. 🤷\n"
    "Try other keywords or a more specific question.",
    perhaps_articles="Perhaps one of these articles helps:",
    greeting="Hello! 👋 I answer questions about my articles.",
    just_ask="Just ask me",
    ask_for_example="Ask me, for example",
    small_talk_sources="/sources shows which articles I know.",
    welcome="I answer questions about {articles} and name the source.",
    news_articles=("news article", "news articles"),
    ask_in_private="Just write me your question",
    ask_in_group="Write /ask and your question",
    for_example=", for example",
    welcome_sources="/sources shows the articles.",
    ask_hint="Write your question after the command",
    your_question="your question",
    unknown_command="I don't know that command.",
    no_articles="I have no articles loaded right now.",
    known_articles="I know {articles}:",
    articles=("article", "articles"),
    and_more="… and {count} more.",
    context_button="📖 Context",
    more_button="🔎 More",
    stale_button="This button is out of date. Please ask your question again.",
    flood_warning="You are asking very quickly. Please wait a moment.",
    apology="Sorry, something went wrong. Please try again in a moment.",
    refusal="Only this bot's admins may do that. "
    "But I'm glad to answer your questions about the articles.",
    help_command="What I know and how to ask",
    sources_command="The articles I answer from",
    ask_command="Ask a question (or just write it)",
    ask_command_in_group="A question about the articles: /ask and your question",
    frage_command="Like /ask",
    reload_command="Read the articles again",
    stats_command="Statistics since the start",
    unanswered_command="The latest questions without an answer",
)

TRANSLATIONS: Mapping[str, Texts] = {"en": ENGLISH}
"""The languages besides German, by the language subtag a Telegram `language_code` starts with."""


def texts_for(language_code: str | None) -> Texts:
    """The texts for a Telegram user's `language_code` (an IETF tag such as `en-GB`, or none):
    a language with texts of its own gets them, everyone else German."""
    language = (language_code or "").lower().replace("_", "-").partition("-")[0]
    return TRANSLATIONS.get(language, GERMAN)
