"""KnowledgeBase: reload reports what it did, never loses the index, and swaps it atomically."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from knowledge import ArticleError, ArticleField, KnowledgeBase, ReloadReport
from knowledge import base as knowledge_base
from tests.knowledge.conftest import ArticleFolder

QUESTION = "Welche Werft baut das Schiff?"


def loaded(folder: ArticleFolder) -> KnowledgeBase:
    """A knowledge base over the folder, with its first reload done."""
    knowledge = KnowledgeBase(folder.path)
    assert knowledge.reload().applied
    return knowledge


@pytest.fixture
def werft(seeds: ArticleFolder) -> ArticleFolder:
    """A seeds folder with one good article about a shipyard."""
    seeds.write("werft.txt", "Die Werft in Kiel baut das Schiff. Es wird im Mai fertig.")
    return seeds


def test_reload_hands_the_old_index_memory_back_after_the_swap(
    werft: ArticleFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge = loaded(werft)
    werft.write("hafen.txt", "Der Hafen wächst.")
    sentences_at_release: list[int] = []

    def release() -> bool:
        sentences_at_release.append(knowledge.sentence_count)
        return True

    monkeypatch.setattr(knowledge_base, "release_freed_memory", release)

    knowledge.reload()

    assert sentences_at_release == [3], "released once, with the new index in place"


def test_reload_reports_articles_sentences_and_time(werft: ArticleFolder) -> None:
    werft.write("hafen.txt", "Der Hafen wächst.", "Mehr Schiffe legen an.")
    knowledge = KnowledgeBase(werft.path)

    report = knowledge.reload()

    assert report.applied
    assert (report.articles, report.sentences, report.errors) == (2, 4, ())
    assert report.sentences == knowledge.sentence_count
    assert 0 <= report.seconds < 5
    assert "2 articles, 4 sentences, 0 files skipped" in report.summary()


def test_reload_summary_counts_one_of_a_kind_in_the_singular() -> None:
    broken = ArticleError("kaputt.txt", 2, "no date")
    report = ReloadReport(applied=True, articles=1, sentences=1, errors=(broken,), seconds=0.1)

    assert report.summary() == "loaded 1 article, 1 sentence, 1 file skipped, in 0.10 s"


def test_reload_summary_of_a_failed_reload_says_the_previous_articles_stay() -> None:
    broken = ArticleError("kaputt.txt", 2, "no date")
    report = ReloadReport(applied=False, articles=0, sentences=0, errors=(broken,), seconds=0.1)

    assert (
        report.summary()
        == "no article loaded (1 file skipped, in 0.10 s); kept the previous articles"
    )


def test_reload_loads_the_good_file_and_reports_the_broken_one(werft: ArticleFolder) -> None:
    werft.write_raw("kaputt.txt", "Titel\nirgendwann\nText.\n")
    knowledge = KnowledgeBase(werft.path)

    report = knowledge.reload()

    assert report.applied
    assert [article.id for article in knowledge.articles] == ["werft"]
    assert [(error.file, error.line) for error in report.errors] == [("kaputt.txt", 2)]
    assert knowledge.search(QUESTION)


def keep_only_broken_files(folder: ArticleFolder) -> None:
    for path in folder.path.iterdir():
        path.unlink()
    folder.write_raw("kaputt.txt", b"")
    folder.write_raw("binär.txt", b"\x00\x01")


def empty_the_folder(folder: ArticleFolder) -> None:
    for path in folder.path.iterdir():
        path.unlink()


def remove_the_folder(folder: ArticleFolder) -> None:
    empty_the_folder(folder)
    folder.path.rmdir()


@pytest.mark.parametrize(
    ("break_folder", "errors"),
    [(keep_only_broken_files, 2), (empty_the_folder, 0), (remove_the_folder, 1)],
    ids=["all-broken", "empty", "missing"],
)
def test_reload_that_finds_no_article_keeps_the_previous_index(
    werft: ArticleFolder, break_folder: Callable[[ArticleFolder], None], errors: int
) -> None:
    knowledge = loaded(werft)
    before = knowledge.articles
    break_folder(werft)

    report = knowledge.reload()

    assert not report.applied
    assert len(report.errors) == errors
    assert knowledge.articles is before
    assert "Werft in Kiel" in knowledge.search(QUESTION)[0].sentence.text


def test_reload_makes_a_new_file_searchable_and_forgets_a_removed_one(werft: ArticleFolder) -> None:
    knowledge = loaded(werft)
    assert knowledge.search("Wie heißt der Leuchtturm?") == []

    werft.write("leuchtturm.txt", "Der Leuchtturm heißt Roter Sand.")
    (werft.path / "werft.txt").unlink()
    knowledge.reload()

    assert "Roter Sand" in knowledge.search("Wie heißt der Leuchtturm?")[0].sentence.text
    assert knowledge.search(QUESTION) == []


def test_related_articles_name_the_articles_that_share_words(werft: ArticleFolder) -> None:
    werft.write("wetter.txt", "Morgen regnet es in Kiel.")
    knowledge = loaded(werft)

    related = knowledge.related_articles("Was gibt es Neues aus Kiel?")

    assert {article.id for article in related} == {"werft", "wetter"}


def test_related_articles_need_a_shared_word_not_just_shared_letters(werft: ArticleFolder) -> None:
    werft.write("imbiss.txt", "Der Imbiss am Hafen verkauft Fischbrötchen und Wiener.")
    knowledge = loaded(werft)

    assert knowledge.related_articles("Was kostet ein Döner?") == []


def test_about_article_answers_from_the_header_of_the_current_article(
    werft: ArticleFolder,
) -> None:
    werft.write(
        "leuchtturm.txt",
        "Der Leuchtturm Roter Sand steht in der Wesermündung.",
        title="Der Leuchtturm Roter Sand",
        header=("Autor: Ole Hansen",),
    )
    knowledge = loaded(werft)

    fact = knowledge.about_article("Wer hat den Artikel über den Leuchtturm geschrieben?")

    assert fact is not None
    assert (fact.article.id, fact.field, fact.value) == (
        "leuchtturm",
        ArticleField.AUTHOR,
        "Ole Hansen",
    )
    assert knowledge.about_article("Wer hat den Leuchtturm gebaut?") is None


# Atomicity: searches racing reloads see one whole version, never a mix


def write_version(folder: Path, version: str) -> frozenset[str]:
    """Three articles that all answer QUESTION, with ids unique to this version."""
    folder.mkdir()
    ids = []
    for number in range(3):
        article_id = f"{version}_{number}"
        paragraphs = [
            f"Die Werft {version} baut das Schiff Nummer {number}. Satz {i} folgt."
            for i in range(8)
        ]
        text = "\n".join([f"Werft {article_id}", "2024-12-24", *paragraphs]) + "\n"
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
        ids.append(article_id)
    return frozenset(ids)


def point_link(link: Path, target: Path) -> None:
    """Repoint a symlink in one atomic rename, as a deploy would."""
    fresh = link.with_name(link.name + ".new")
    fresh.symlink_to(target)
    os.replace(fresh, link)


def test_searches_racing_reloads_always_see_exactly_one_version(tmp_path: Path) -> None:
    versions = {
        "alt": write_version(tmp_path / "alt", "alt"),
        "neu": write_version(tmp_path / "neu", "neu"),
    }
    link = tmp_path / "seeds"
    link.symlink_to(tmp_path / "alt")
    knowledge = KnowledgeBase(link)
    knowledge.reload()
    deadline = time.monotonic() + 0.8
    reloads_done = threading.Event()
    problems: list[str] = []
    seen_versions: set[str] = set()

    def version_of(ids: set[str]) -> str | None:
        matching = [name for name, version_ids in versions.items() if ids <= version_ids]
        return matching[0] if len(matching) == 1 else None

    def reloader() -> None:
        targets = ["neu", "alt"]
        swaps = 0
        try:
            while swaps < 4 or time.monotonic() < deadline:
                point_link(link, tmp_path / targets[swaps % 2])
                if not knowledge.reload().applied:
                    problems.append("a reload of a good folder was not applied")
                swaps += 1
        finally:
            reloads_done.set()  # even after a failure, so the searchers stop

    def searcher() -> None:
        while not reloads_done.is_set():
            articles_before = knowledge.articles
            hits = knowledge.search(QUESTION, k=5)
            articles_after = knowledge.articles
            listed = version_of({article.id for article in articles_before})
            answered = version_of({hit.sentence.article.id for hit in hits})
            if not hits or listed is None or answered is None:
                problems.append(f"mixed or missing: articles {listed}, hits {answered}")
                continue
            seen_versions.add(answered)
            if articles_before is articles_after and not all(
                any(hit.sentence.article is article for article in articles_before) for hit in hits
            ):
                problems.append("hits do not come from the articles listed at the same time")

    with ThreadPoolExecutor(max_workers=5) as pool:
        searchers = [pool.submit(searcher) for _ in range(4)]
        pool.submit(reloader).result()
        for finished in searchers:
            finished.result()  # re-raises what a search raised

    assert not problems, f"{len(problems)} problems, the first: {problems[:3]}"
    assert seen_versions == {"alt", "neu"}, "the race never saw both versions"
