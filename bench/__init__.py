"""Benchmarks for the knowledge engine: answer quality, speed and the no-answer threshold.

Run from the project root: `python -m bench.quality`, `python -m bench.speed`,
`python -m bench.threshold`. The data stays in the shared folder (`--data`); nothing
here copies it into the project.
"""
