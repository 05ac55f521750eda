"""The cross-lingual benchmark: English questions with the gold of their German twins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import crosslingual
from bench.crosslingual import answerers, load_crosslingual, ranks
from bench.datasets import XQUAD_FILES, DataError


def write_xquad(folder: Path, language: str, context: str, question: str, answer: str) -> None:
    """A one-paragraph XQuAD-R file: two sentences, one question answered in the second."""
    first, second = context.split(". ", 1)
    sentences = [first + ".", second]
    breaks = [[0, len(sentences[0])], [len(sentences[0]) + 1, len(context)]]
    qa = {
        "id": "q1",
        "question": question,
        "answers": [{"text": answer, "answer_start": context.index(answer)}],
    }
    paragraph = {"context": context, "qas": [qa], "sentences": sentences, "sentence_breaks": breaks}
    data = {"data": [{"title": "Hafen_Kiel", "paragraphs": [paragraph]}]}
    (folder / XQUAD_FILES[language]).write_text(json.dumps(data), encoding="utf-8")


def write_pair(folder: Path, english_context: str, english_question: str, answer: str) -> None:
    """The German paragraph about Kiel's port, and its English twin as given."""
    write_xquad(
        folder,
        "de",
        "Kiel liegt an der Ostsee. Der Hafen hat 40 Liegeplätze für Fähren.",
        "Wie viele Liegeplätze hat der Hafen?",
        "40 Liegeplätze",
    )
    write_xquad(folder, "en", english_context, english_question, answer)


def test_an_english_question_has_its_german_twin_s_gold_sentence(tmp_path: Path) -> None:
    write_pair(
        tmp_path,
        "Kiel lies on the Baltic Sea. Its port has 40 berths for ferries.",
        "How many berths does the port have?",
        "40 berths",
    )

    suite = load_crosslingual(tmp_path)

    (question,) = suite.questions.questions
    assert question.text == "How many berths does the port have?"
    assert question.gold is not None
    assert "40 Liegeplätze" in suite.corpus.sentences[question.gold].text


def test_questions_that_do_not_pair_up_are_a_data_error(tmp_path: Path) -> None:
    write_xquad(tmp_path, "de", "Kiel liegt am Meer. Der Hafen ist groß.", "Wo?", "am Meer")
    empty = {"data": []}
    (tmp_path / XQUAD_FILES["en"]).write_text(json.dumps(empty), encoding="utf-8")

    with pytest.raises(DataError):
        load_crosslingual(tmp_path)


def test_without_the_encoder_the_words_only_answerer_ranks_the_german_sentences(
    tmp_path: Path,
) -> None:
    write_pair(
        tmp_path,
        "Kiel lies on the Baltic Sea. Its port has 40 Liegeplätze.",
        "How many Liegeplätze does the Hafen have?",
        "40 Liegeplätze",
    )
    suite = load_crosslingual(tmp_path)

    (words_only,) = answerers(suite, "off", tmp_path)

    assert ranks(words_only, suite) == [1]
    assert crosslingual.main(["--data", str(tmp_path), "--encoder", "off"]) == 0
