"""Benchmarks for the knowledge engine: answer quality, speed, the no-answer threshold and
the fit of the answer models.

Run from the project root: `python -m bench.quality`, `python -m bench.speed`,
`python -m bench.threshold`, `python -m bench.fit`. The data stays in the shared folder
(`--data`); nothing here copies it into the project.

The engine is measured as the bot runs it: numpy's BLAS on one thread unless the
environment says otherwise, set here before numpy loads, as `bot/__init__.py` does.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
