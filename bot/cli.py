"""`article-bot` / `python -m bot`: ask, chat, check and run, all over the same knowledge base."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from bot.console import chat
from bot.engine import knowledge_base
from bot.settings import Settings, SettingsProblem, load_settings
from bot.texts import GERMAN
from knowledge import Article, ArticleFact, Hit, KnowledgeBase, load_articles
from knowledge.corpus import article_sentences
from knowledge.counts import counted


def article_record(article: Article) -> dict[str, object]:
    """The JSON shape of an article an answer cites, as documented in the README."""
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat(),
        "author": article.author,
        "source": article.source,
        "url": article.url,
    }


def hit_record(hit: Hit) -> dict[str, object]:
    """The JSON shape of one answer, as documented in the README."""
    return {
        "text": hit.sentence.text,
        "score": hit.score,
        "article": article_record(hit.sentence.article),
        "paragraph": hit.sentence.paragraph,
        "sentence": hit.sentence.position,
    }


def fact_record(fact: ArticleFact) -> dict[str, object]:
    """The JSON shape of the answer to a question about an article itself (see the README)."""
    return {
        "field": fact.field.value,
        "value": shown_value(fact),
        "article": article_record(fact.article),
    }


def ask_record(question: str, hits: Sequence[Hit], fact: ArticleFact | None) -> dict[str, object]:
    """The JSON line `ask --json` prints for one question: its answers, or for a question about
    an article itself the fact (which is sure: the header says it)."""
    record: dict[str, object] = {
        "question": question,
        "answers": [hit_record(hit) for hit in hits],
        "sure": hits[0].sure if hits else None,
    }
    if fact is not None:
        record |= {"sure": True, "fact": fact_record(fact)}
    return record


def shown_value(fact: ArticleFact) -> str | None:
    """A fact's value as the CLI prints it: a date in ISO form."""
    value = fact.value
    return value.isoformat() if isinstance(value, dt.date) else value


def article_source(article: Article) -> str:
    """Title, date and byline of an article, as the CLI's answers cite it."""
    source = f"{article.title} · {article.date.isoformat()}"
    return f"{source} · {article.byline}" if article.byline else source


def print_hits(question: str, hits: Sequence[Hit], out: TextIO) -> None:
    """Human-readable answers: score, sentence, source."""
    out.write(f"? {question}\n")
    if not hits:
        out.write("  (keine Antwort gefunden)\n")
    elif not hits[0].sure:
        out.write(f"  ({GERMAN.doubt})\n")
    for number, hit in enumerate(hits, start=1):
        source = article_source(hit.sentence.article)
        out.write(f"  {number}. [{hit.score:.2f}] {hit.sentence.text}\n")
        out.write(
            f"     — {source} · Absatz {hit.sentence.paragraph}, Satz {hit.sentence.position}\n"
        )


def print_fact(question: str, fact: ArticleFact, out: TextIO) -> None:
    """Human-readable answer to a question about an article itself: the field and its value
    (`-` where the header names none), then the article."""
    out.write(f"? {question}\n")
    out.write(f"  {fact.field.value}: {shown_value(fact) or '-'}\n")
    out.write(f"     — {article_source(fact.article)}\n")


def questions_from(arguments: Sequence[str], stdin: TextIO) -> Iterable[str]:
    """The questions given as arguments, or one per non-empty line of standard input."""
    if arguments:
        if " ".join(arguments).strip():
            yield " ".join(arguments).strip()
        return
    for line in stdin:
        if line.strip():
            yield line.strip()


def load_knowledge(settings: Settings) -> KnowledgeBase | None:
    """Load the seeds, reporting skipped files on stderr so stdout stays machine-readable.

    None, after one error line, when no article loaded: there is nothing to answer from.
    """
    knowledge = knowledge_base(settings)
    report = knowledge.reload()
    for error in report.errors:
        print(f"warning: {error}", file=sys.stderr)
    if not report.applied:
        print(f"error: no article could be loaded from {settings.seeds_dir}", file=sys.stderr)
        return None
    return knowledge


def command_ask(settings: Settings, args: argparse.Namespace) -> int:
    knowledge = load_knowledge(settings)
    if knowledge is None:
        return 1
    if knowledge.encoder is not None:
        # Answers as the bot gives them once its vectors are ready; new sentences are encoded
        # first (progress on stderr), cached ones only read.
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        knowledge.wait_for_vectors()
    for question in questions_from(args.question, sys.stdin):
        fact = knowledge.about_article(question)
        hits = (
            []
            if fact is not None
            else knowledge.search(question, k=settings.top_k, min_score=settings.min_score)
        )
        if args.json:
            print(json.dumps(ask_record(question, hits, fact), ensure_ascii=False), flush=True)
        elif fact is not None:
            print_fact(question, fact, sys.stdout)
        else:
            print_hits(question, hits, sys.stdout)
    return 0


CHAT_VECTOR_WAIT = 30.0
"""Seconds the console chat waits for the encoder's vectors before its first answer. A few
seed articles are encoded in seconds (then read from the cache), and answers with meaning
are better ones; an archive that takes longer is answered from words until they are ready."""


def command_chat(settings: Settings, args: argparse.Namespace) -> int:
    knowledge = load_knowledge(settings)
    if knowledge is None:
        return 1
    if knowledge.encoder is not None and not knowledge.wait_for_vectors(timeout=0):
        print("(Die Sätze werden für die Suche nach Bedeutung vorbereitet …)", file=sys.stderr)
        knowledge.wait_for_vectors(timeout=CHAT_VECTOR_WAIT)
    return chat(knowledge, top_k=settings.top_k, min_score=settings.min_score)


def command_check(settings: Settings, args: argparse.Namespace) -> int:
    loaded = load_articles(settings.seeds_dir)
    for article in loaded.articles:
        sentences = article_sentences(article)
        paragraphs = counted(len(article.paragraphs), "paragraph", "paragraphs")
        counts = f"{paragraphs}, {counted(len(sentences), 'sentence', 'sentences')}"
        print(f"ok    {article.file_name}: {counts}")
        if args.verbose:
            for sentence in sentences:
                print(f"        {sentence.paragraph}.{sentence.position} {sentence.text}")
    for error in loaded.errors:
        print(f"error {error}")
    articles = counted(len(loaded.articles), "article", "articles")
    print(f"{articles} loaded, {counted(len(loaded.errors), 'file', 'files')} failed")
    return 1 if loaded.errors or not loaded.articles else 0


def command_run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.token is None:
        print(
            "error: no Telegram token: set BOT_TOKEN (in the environment or .env)", file=sys.stderr
        )
        return 2
    from bot.app import run_bot

    return run_bot(settings)


def command_default(settings: Settings, args: argparse.Namespace) -> int:
    """`make run`: the bot when a token is set, otherwise the console chat."""
    if settings.token is not None:
        return command_run(settings, args)
    print("No BOT_TOKEN set: starting the local console chat instead of the Telegram bot.")
    return command_chat(settings, args)


INTERRUPTED = 130
"""Exit code after Ctrl-C (the shell's 128 + SIGINT): a quiet stop, not a traceback. The console
chat takes Ctrl-C as one way to leave and exits 0."""
PIPE_CLOSED = 141
"""Exit code when the reader of stdout went away (128 + SIGPIPE), as in
`article-bot ask < questions.txt | head -1`."""

SETTING_FLAGS = {"seeds_dir": "--seeds", "top_k": "--top", "min_score": "--min-score"}
"""The flags that override settings, by setting (each flag's `dest` is its setting), so an
error about a flag's value names the flag as it was typed."""


def parser() -> argparse.ArgumentParser:
    seeds = argparse.ArgumentParser(add_help=False)
    # SUPPRESS, not None: a subcommand's unset --seeds must not erase `article-bot --seeds DIR ask`.
    seeds.add_argument(
        SETTING_FLAGS["seeds_dir"],
        dest="seeds_dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="folder of article files (default: BOT_SEEDS_DIR or seeds)",
    )
    answers = argparse.ArgumentParser(add_help=False)
    answers.add_argument(
        SETTING_FLAGS["top_k"],
        dest="top_k",
        type=int,
        help="answers per question (default: BOT_TOP_K or 3)",
    )
    answers.add_argument(
        SETTING_FLAGS["min_score"],
        dest="min_score",
        type=float,
        help="no-answer threshold, 0..1 (default: BOT_MIN_SCORE)",
    )

    main_parser = argparse.ArgumentParser(
        prog="article-bot",
        description="Answers questions about news articles, on Telegram or in the console.",
        parents=[seeds],
    )
    main_parser.set_defaults(command=command_default, top_k=None, min_score=None)
    commands = main_parser.add_subparsers(title="commands")

    ask = commands.add_parser("ask", parents=[seeds, answers], help="answer questions and exit")
    ask.add_argument("question", nargs="*", help="the question (default: one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question per line")
    ask.set_defaults(command=command_ask)

    chat_parser = commands.add_parser(
        "chat", parents=[seeds, answers], help="talk to the bot in the console"
    )
    chat_parser.set_defaults(command=command_chat)

    check = commands.add_parser("check", parents=[seeds], help="validate the article files")
    check.add_argument("-v", "--verbose", action="store_true", help="print every sentence")
    check.set_defaults(command=command_check)

    run = commands.add_parser("run", parents=[seeds], help="run the Telegram bot (needs BOT_TOKEN)")
    run.set_defaults(command=command_run)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings(
            names=SETTING_FLAGS, **{name: getattr(args, name, None) for name in SETTING_FLAGS}
        )
    except SettingsProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        result: int = args.command(settings, args)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # Python would fail again flushing stdout at exit; the reader has all it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED
    return result
