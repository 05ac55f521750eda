"""The article bot's Telegram layer, settings, console chat and command line.

Importing it sets numpy's BLAS to one thread unless the environment says otherwise, before
numpy loads: the bot's matrix products are a question's cosines with every sentence, too
small to gain from threads, and idle BLAS threads spinning on a 2-core machine took the
core the sentence encoder needed (a question with the encoder: 98-99 ms with the default
threads, 53-55 ms with one, measured alternately by `make bench-speed`'s encoder section).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
