"""Specification of the German sentence splitter the bot answers and cites with."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.sentences import split_sentences

SEED_ARTICLE = Path(__file__).parents[2] / "seeds" / "000_e435f3c587c77942.txt"


def assert_one_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Das ist gut. Dann ging er.", ["Das ist gut.", "Dann ging er."]),
        ("Ist das gut? Ja.", ["Ist das gut?", "Ja."]),
        ("Das ist gut! Ja.", ["Das ist gut!", "Ja."]),
        ("Er sagte es. 500 Menschen kamen.", ["Er sagte es.", "500 Menschen kamen."]),
        ("Er ging. „Warum?“, fragte sie.", ["Er ging.", "„Warum?“, fragte sie."]),
        ('Er ging. "Warum?", fragte sie.', ["Er ging.", '"Warum?", fragte sie.']),
        ("Er ging. Über die Brücke.", ["Er ging.", "Über die Brücke."]),
    ],
)
def test_splits_at_a_terminal_mark_before_a_capital_digit_or_opening_quote(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Musk sammelt Geld. xAI ist sein Startup.",
            ["Musk sammelt Geld.", "xAI ist sein Startup."],
        ),
        (
            "Apple hat geliefert. iPhone-Nutzer jubeln.",
            ["Apple hat geliefert.", "iPhone-Nutzer jubeln."],
        ),
    ],
)
def test_splits_before_a_brand_written_with_a_lowercase_initial(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Was nun? fragte er.",
        "Hilfe! rief sie laut.",
        "Das ist gut. aber nicht hier.",
    ],
)
def test_does_not_split_before_a_lowercase_word(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Der Umsatz lag bei 5,8 Milliarden Euro im Jahr 2024.",
        "Er hat weitere sechs Milliarden Dollar (5,8 Milliarden Euro) eingesammelt.",
        "Die Preise stiegen um 3.5 Prozent im Jahr.",
        "Das kostet 1.000 Euro pro Person.",
        "Aktuell bietet xAI einen Chatbot namens Grok 2 an, der Antworten gibt.",
        "Die Version 2.0.1 behebt den Fehler.",
    ],
)
def test_keeps_decimal_and_grouped_numbers_inside_the_sentence(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Musk hat auf seiner Plattform X (ehemals Twitter) betont, dass es gut ist.",
        "Die Partei (Sie nennt sich neu. Das ist Absicht.) trat an.",
        "Die Firma [Stand 1. Juni. Quelle: APA] wächst.",
        "Der Wert (siehe Abb. 3 (oben. Links)) steigt.",
    ],
)
def test_never_splits_inside_parentheses_or_brackets(paragraph: str) -> None:
    assert_one_sentence(paragraph)


def test_splits_after_a_closing_parenthesis_followed_by_a_new_sentence() -> None:
    assert split_sentences("Das ist X (ehemals Twitter). Dann kam Y.") == [
        "Das ist X (ehemals Twitter).",
        "Dann kam Y.",
    ]


def test_splits_after_a_parenthesised_remark_that_is_a_sentence_itself() -> None:
    assert split_sentences("Hammerschmid: (Lacht.) Das hat nichts damit zu tun.") == [
        "Hammerschmid: (Lacht.)",
        "Das hat nichts damit zu tun.",
    ]


def test_does_not_split_after_an_abbreviation_that_closes_a_parenthesis() -> None:
    assert_one_sentence("Das Buch von Müller (Hrsg.) Die Zeit erschien 2020.")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Er sagte: „Das ist gut.“ Dann ging er.", ["Er sagte: „Das ist gut.“", "Dann ging er."]),
        ('Er sagte: "Das ist gut." Dann ging er.', ['Er sagte: "Das ist gut."', "Dann ging er."]),
        ("Er sagte: »Das ist gut.« Dann ging er.", ["Er sagte: »Das ist gut.«", "Dann ging er."]),
        ("Er sagte: «Das ist gut.» Dann ging er.", ["Er sagte: «Das ist gut.»", "Dann ging er."]),
        ("Sie fragte: „Wirklich?“ Er nickte.", ["Sie fragte: „Wirklich?“", "Er nickte."]),
        ("Er nannte es „gut“. Dann ging er.", ["Er nannte es „gut“.", "Dann ging er."]),
    ],
)
def test_keeps_the_closing_quote_with_the_sentence_it_ends(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Es gibt z. B. Äpfel und z.B. Birnen.",
        "Das sagte Dr. Müller gestern.",
        "Das sagte Prof. Meier gestern.",
        "Das betrifft Kinder bzw. Jugendliche.",
        "Er kaufte Äpfel, Birnen usw. und ging.",
        "Er kaufte Äpfel, Birnen etc. und ging.",
        "Es kamen ca. 100 Menschen.",
        "Er trug die Nr. 10 auf dem Rücken.",
        "Sie wohnt in St. Pölten.",
        "Das steht im Bericht, vgl. Seite 3.",
        "Es kamen u. a. Politiker und Sportler.",
        "Es kamen u.a. Politiker und Sportler.",
        "Das ist teuer, d. h. Sparen ist angesagt.",
        "Das kostet 5 Mio. Euro und 2 Mrd. Dollar.",
        "Im 19. Jh. Gebaute Häuser stehen noch.",
        "Das regelt Abs. 2 des Gesetzes.",
        "Sie wohnt in der Mariahilfer Str. 5 in Wien.",
        "Sie wohnt in der Hauptstr. 5 in Wien.",
        "Der Preis inkl. Steuer ist hoch.",
        "Das wird evtl. Folgen haben.",
        "Das wird ggf. Folgen haben.",
        "Das sog. Sparpaket kommt.",
        "Er kaufte Äpfel o.ä. Früchte.",
        "Es sprachen Mr. Smith und Mrs. Smith.",
        "Es sprachen Fr. Huber und Hr. Maier.",
        "Das war am 5. Jan. 2016 in Wien.",
        "Die Firma Dipl.-Ing. Huber baut.",
        "Die Strecke Wien/St. Pölten ist voll.",
    ],
)
def test_does_not_split_after_a_known_abbreviation(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize("paragraph", ["CA. 100 Menschen kamen.", "Laut DR. Müller ist es gut."])
def test_recognises_abbreviations_regardless_of_case(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Das Buch schrieb J. R. R. Tolkien vor langer Zeit.",
        "Die K.-o.-Phase beginnt im Mai.",
        "Der Botschafter Mark A. Brand sagte aus.",
        "Queen Elizabeth II. (89) und Prinz Philip kamen.",
    ],
)
def test_does_not_split_after_an_initial_or_a_regnal_number(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Er kaufte Äpfel usw. Die Birnen ließ er liegen.",
            ["Er kaufte Äpfel usw.", "Die Birnen ließ er liegen."],
        ),
        ("Er kaufte Äpfel usw. Obst ist gesund.", ["Er kaufte Äpfel usw. Obst ist gesund."]),
    ],
)
def test_ends_a_sentence_after_usw_only_before_a_clear_sentence_opener(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Er kam am 24. Dezember nach Hause.",
        "Das Gesetz gilt seit 1. Jänner 2016 für alle.",
        "Am 3. März und am 4. Mai ist Wahl.",
        "Ab 1. Juli gilt das.",
    ],
)
def test_does_not_split_after_an_ordinal_before_a_month(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Der 2. Weltkrieg endete in Europa im Mai.",
        "Sie spielen in der 3. Liga.",
        "Im 19. Jahrhundert war das anders.",
        "Zum 100. Geburtstag kamen alle.",
        "Er gewann seine 3. Medaille.",
        "Der Weltranglisten-19. Dominic Thiem gewann.",
        "Das war die 1./2. Klasse.",
    ],
)
def test_does_not_split_after_an_ordinal_before_a_noun(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Am 24.12.2024 ist Weihnachten.",
        "Am 24. 12. 2024 ist Weihnachten.",
        "Bis 24.12. Geschenke kaufen ist Pflicht.",
    ],
)
def test_does_not_split_inside_a_date(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Der Krieg endete 1945. Dann kam der Frieden.",
            ["Der Krieg endete 1945.", "Dann kam der Frieden."],
        ),
        (
            "Er wurde 3. Im nächsten Rennen gewann er.",
            ["Er wurde 3.", "Im nächsten Rennen gewann er."],
        ),
        ("Er belegte Platz 16. Das war gut.", ["Er belegte Platz 16.", "Das war gut."]),
        ("Die Saison 2014/15. Der Igel passt.", ["Die Saison 2014/15.", "Der Igel passt."]),
        (
            "Das läuft mit Android 5.1. Rein optisch passt es.",
            ["Das läuft mit Android 5.1.", "Rein optisch passt es."],
        ),
    ],
)
def test_splits_after_a_number_that_clearly_ends_a_sentence(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Mehr dazu unter www.allinrechner.at im Netz.",
        "Mehr dazu unter https://example.com/a.b?x=1 im Netz.",
        "Schreiben Sie an info@example.de oder rufen Sie an.",
        "Der allinrechner.at mache Verträge transparenter.",
    ],
)
def test_never_splits_inside_a_url_or_email_address(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Mehr unter www.allinrechner.at. Dort steht alles.",
            ["Mehr unter www.allinrechner.at.", "Dort steht alles."],
        ),
        (
            "Siehe https://example.com/a.b?x=1. Dort steht alles.",
            ["Siehe https://example.com/a.b?x=1.", "Dort steht alles."],
        ),
        (
            "Schreiben Sie an info@example.de. Wir antworten.",
            ["Schreiben Sie an info@example.de.", "Wir antworten."],
        ),
    ],
)
def test_a_url_or_address_at_the_end_keeps_the_final_period_in_the_sentence(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize("paragraph", ["Und dann... kam nichts.", "Und dann… kam nichts."])
def test_keeps_an_ellipsis_before_a_lowercase_word(paragraph: str) -> None:
    assert_one_sentence(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Er wartete... Dann kam sie.", ["Er wartete...", "Dann kam sie."]),
        ("Er wartete… Dann kam sie.", ["Er wartete…", "Dann kam sie."]),
    ],
)
def test_splits_after_an_ellipsis_before_a_capitalised_word(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Wirklich?! Ja.", ["Wirklich?!", "Ja."]),
        ("Nein!! Doch.", ["Nein!!", "Doch."]),
        ('Er fragte: "Was?" Sie schwieg.', ['Er fragte: "Was?"', "Sie schwieg."]),
        ("Von welchen? – Kann ich nicht sagen.", ["Von welchen?", "– Kann ich nicht sagen."]),  # noqa: RUF001
    ],
)
def test_splits_after_combined_marks_and_before_a_dialogue_dash(
    paragraph: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph) == expected


def test_returns_a_final_sentence_without_terminal_punctuation() -> None:
    assert split_sentences("Das ist gut. Und das auch") == ["Das ist gut.", "Und das auch"]


def test_strips_surrounding_whitespace_and_returns_no_empty_sentences() -> None:
    assert split_sentences("  Eins.   Zwei.\n") == ["Eins.", "Zwei."]
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_splits_the_seed_article_body_into_its_sentences() -> None:
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("Autor:")
    body = [split_sentences(paragraph) for paragraph in lines[3:]]

    assert [len(sentences) for sentences in body] == [4, 3, 3, 4, 2]
    assert body[0][1] == (
        "Aktuell hat er weitere sechs Milliarden Dollar (5,8 Milliarden Euro) "
        "für sein KI-Startup xAI eingesammelt."
    )
    assert body[0][3].startswith('Musk hat große Pläne: Das eingesammelte Geld soll dazu dienen, "')
    assert body[2] == [
        "Musk selbst hat auf seiner Plattform X (ehemals Twitter) betont, dass für die "
        "Entwicklung fortschrittlicher Künstlicher Intelligenz erhebliche Rechenressourcen "
        "erforderlich sind.",
        "Aktuell bietet xAI einen Chatbot namens Grok 2 an, der als Antwort auf die sich "
        "schnell entwickelnde Landschaft der KI-Technologien agiert.",
        "Die Konkurrenz schläft nicht, und während OpenAI mit der ersten Version von ChatGPT "
        "2022 die Technologie der generativen KI populär gemacht hat, zielt xAI darauf ab, in "
        "diesem wettbewerbsintensiven Markt eine nennenswerte Rolle zu spielen.",
    ]
    for paragraph, sentences in zip(lines[3:], body, strict=True):
        assert " ".join(sentences) == paragraph


_GERMANISH = st.text(
    alphabet=st.sampled_from(list("aAbBdDzZäÄßü0123 .....!?…,:;()[]„“\"»«'-–/@\n\t\xa0")),  # noqa: RUF001
    max_size=200,
)


@given(st.one_of(_GERMANISH, st.text(max_size=200)))
def test_sentences_are_stripped_ordered_substrings_covering_all_text(paragraph: str) -> None:
    sentences = split_sentences(paragraph)

    position = 0
    for sentence in sentences:
        assert sentence
        assert sentence == sentence.strip()
        found = paragraph.find(sentence, position)
        assert found >= 0
        assert paragraph[position:found].strip() == ""
        position = found + len(sentence)
    assert paragraph[position:].strip() == ""
    assert "".join("".join(sentences).split()) == "".join(paragraph.split())
