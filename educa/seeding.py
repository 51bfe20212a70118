"""Bulk seeding, shared by the apps' `bench_data` modules (run by the `seed_bench`
command in accounts): rows built in chunks, a progress bar per stage, filler text,
and the state one app's stage hands the next."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import QuerySet

# Rows per INSERT (Django lowers it on SQLite, to stay under 999 parameters).
BATCH_SIZE = 1000
# Rows built in memory at a time: also the progress bars' step.
CHUNK = 5_000
# Words of the generated titles and texts.
VOCABULARY = """
algebra analysis answer basic chapter chord class code data design draw energy
example exercise field form function garden graph guide history idea kitchen
language lesson light list loop map market method model music note number object
pattern picture plan practice problem project question reading recipe rhythm
river scale science sentence shape skill sound space story study system table
theory tool topic value variable voice water week word world writing
"""
WORDS = VOCABULARY.split()


def spread(total: int, parents: int) -> list[int]:
    """How many of `total` children each of `parents` gets: as even as possible."""
    if not parents:
        return []
    base, extra = divmod(total, parents)
    return [base + (i < extra) for i in range(parents)]


def chunks(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def words(rng, k: int) -> str:
    return " ".join(rng.choices(WORDS, k=k))


def sentences(rng, count: int) -> str:
    return " ".join(
        words(rng, rng.randint(6, 16)).capitalize() + "." for _ in range(count)
    )


class Progress:
    """A text progress bar for one stage.

    On a terminal it is redrawn in place (`\\r`) as rows are written; otherwise
    (tests, CI logs) it is written once, as one line, when the stage ends.
    """

    WIDTH = 30

    def __init__(self, out, label: str, total: int):
        self.out, self.label, self.total = out, label, total
        self.live = out.isatty()
        self.done = 0
        self.started = self.drawn = time.monotonic()

    def __enter__(self):
        if self.live:
            self._draw()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._draw(final=True)
        elif self.live:
            self.out.write("")  # leave the half-drawn bar on its own line

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.live and time.monotonic() - self.drawn >= 0.1:  # no flicker
            self._draw()

    def _draw(self, final: bool = False) -> None:
        filled = self.WIDTH * self.done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        seconds = time.monotonic() - self.started
        line = (
            f"{self.label:<12}[{bar}] {self.done:>9,}/{self.total:<9,} {seconds:6.1f} s"
        )
        self.out.write(("\r" if self.live else "") + line, ending="\n" if final else "")
        self.out.flush()
        self.drawn = time.monotonic()


@dataclass
class BulkSeed:
    """What every app's `bench_data.seed()` and `delete()` are given: the sizes
    asked for, a progress bar per stage, the bench users, the ids a stage made
    for a later app's stages (`ids["students"]`...), and the rows made by kind.

    Passed in rather than imported, so that an app reaches another app's rows
    without importing it (meals knows users only by id)."""

    sizes: dict[str, int]
    video_share: float
    progress: Callable[[str, int], Progress]
    users: QuerySet
    ids: dict[str, list[int]] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
