"""Callback data: under Telegram's 64 bytes, and still meaningful after a reload."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.buttons import (
    CALLBACK_DATA_LIMIT,
    CONTEXT,
    ArticleDigests,
    SentenceRef,
    TokenStore,
    answer_keyboard,
    articles_by_digest,
    callback_data,
    callback_value,
)
from bot.texts import GERMAN
from knowledge import KnowledgeBase, Sentence, article_sentences, parse_article
from tests.bot.conftest import PENGUINS

LONG_NAME = "x" * 200 + ".txt"


def sentences(text: str = PENGUINS, file_name: str = LONG_NAME) -> list[Sentence]:
    return article_sentences(parse_article(text, file_name=file_name))


def test_a_sentence_reference_fits_callback_data_even_for_long_file_names() -> None:
    for sentence in sentences():
        data = callback_data(CONTEXT, SentenceRef.of(sentence).encode())
        assert len(data.encode()) <= CALLBACK_DATA_LIMIT


def test_a_reference_finds_its_sentence_in_the_same_articles() -> None:
    all_sentences = sentences()
    articles = [all_sentences[0].article]

    for sentence in all_sentences:
        ref = SentenceRef.decode(SentenceRef.of(sentence).encode())
        assert ref is not None and ref.find(articles_by_digest(articles)) == sentence


def test_a_reference_follows_its_sentence_when_an_edit_moves_it() -> None:
    before = sentences()[0]
    edited = PENGUINS.replace("Auf Phillip Island", "Ein neuer Absatz.\nAuf Phillip Island", 1)
    after = sentences(edited)

    found = SentenceRef.of(before).find(articles_by_digest([after[0].article]))

    assert found is not None and found.text == before.text
    assert (found.paragraph, found.position) == (2, 1)


def test_a_reference_to_a_removed_article_or_changed_sentence_finds_nothing() -> None:
    sentence = sentences()[0]
    changed = PENGUINS.replace("32.000", "40.000")

    assert SentenceRef.of(sentence).find({}) is None
    assert (
        SentenceRef.of(sentence).find(articles_by_digest([sentences(changed)[0].article])) is None
    )


@pytest.mark.parametrize("value", ["", "abc", "a.b.c.d", "a.1.x.d", "a.1.2.d.e"])
def test_malformed_references_decode_to_none(value: str) -> None:
    assert SentenceRef.decode(value) is None


def test_references_survive_a_reload_of_the_knowledge_base(seeds_dir: Path) -> None:
    (seeds_dir / "pinguine.txt").write_text(PENGUINS, encoding="utf-8")
    knowledge = KnowledgeBase(seeds_dir)
    knowledge.reload()
    hit = knowledge.search("Zwergpinguine Phillip Island", k=1)[0]
    data = callback_data(CONTEXT, SentenceRef.of(hit.sentence).encode())

    knowledge.reload()

    ref = SentenceRef.decode(callback_value(data))
    assert ref is not None and ref.find(articles_by_digest(knowledge.articles)) == hit.sentence


def test_the_articles_by_digest_are_made_again_only_after_a_reload(seeds_dir: Path) -> None:
    (seeds_dir / "pinguine.txt").write_text(PENGUINS, encoding="utf-8")
    knowledge = KnowledgeBase(seeds_dir)
    knowledge.reload()
    digests = ArticleDigests()

    first = digests(knowledge.articles)
    assert digests(knowledge.articles) is first, "the same articles: the same lookup"

    knowledge.reload()

    again = digests(knowledge.articles)
    assert again is not first and again == articles_by_digest(knowledge.articles)


def test_callback_data_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError, match="over 64 bytes"):
        callback_data("m", "ü" * 40)


def test_the_keyboard_has_mehr_only_with_a_token_and_nothing_without_hits(seeds_dir: Path) -> None:
    knowledge = KnowledgeBase(seeds_dir)
    knowledge.reload()
    hits = knowledge.search("Chatbot Grok", k=2)

    with_more = answer_keyboard(hits, GERMAN, more_token="abc")
    without = answer_keyboard(hits, GERMAN, more_token=None)

    assert with_more is not None and [b.text for b in with_more.inline_keyboard[0]] == [
        "📖 Kontext",
        "🔎 Mehr",
    ]
    assert without is not None and [b.text for b in without.inline_keyboard[0]] == ["📖 Kontext"]
    assert answer_keyboard([], GERMAN, more_token="abc") is None


def test_the_token_store_forgets_the_oldest_and_pop_takes_a_value_once() -> None:
    store = TokenStore[str](capacity=2)
    first, second, third = store.put("a"), store.put("b"), store.put("c")

    assert store.get(first) is None
    assert (store.get(second), store.get(third)) == ("b", "c")
    assert store.pop(third) == "c" and store.pop(third) is None
    assert len({first, second, third}) == 3 and all(len(t) == 8 for t in (first, second, third))
