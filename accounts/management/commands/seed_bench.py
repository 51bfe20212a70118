"""`manage.py seed_bench`: a large data set for benchmarks, written in bulk.

Everything is made with `bulk_create` in one transaction: users (instructors in
the Instructors group, students), meals and ratings, then the meals' stored
rating stats, subjects, courses, modules, contents (mostly texts, some YouTube
videos) and enrolments. Every size is an option; `--seed` makes the data the
same from run to run.

Each app makes its own rows: as with `demo` for `seed_demo`, each of our apps may
ship a `bench_data` module with any of `exists()`, `seed(bench, rng)` and
`delete(bench)` (rows deleted). They run in LOCAL_APPS order (users first), and
delete in the reverse order (users last); `educa.seeding.BulkSeed` carries the
sizes and the ids one app's rows need from another's.

The bench rows have names of their own (users `bench-instructor-N` and
`bench-student-N`, subjects `bench-subject-N`, courses `bench-course-N`, meals
`Bench meal N`): a database that already holds some is refused, unless
`--replace` deletes them first (in the same transaction), with what hangs on
them: the bench users' ratings (the stats of any other meal they rated are
refreshed), enrolments and completions, and any course of a bench instructor or
subject. No other row is touched.

Every bench user's password is `PASSWORD` ("bench-password"): benchmarks log in
as them. That is why the command refuses to run with debug off unless `--force`.

Bulk writes send no signals, so no cache namespace learns of the new rows: once
the transaction commits, every namespace is retired (educa.cache).
"""

import argparse
import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.bench_data import PASSWORD, bench_users
from educa.cache import retire_all_namespaces
from educa.seeding import BulkSeed, Progress

# The sizes, as (option, default, help).
SIZES = [
    ("subjects", 50, "subjects"),
    ("instructors", 40, "instructors (course owners, in the Instructors group)"),
    ("courses", 2_000, "courses, spread evenly over the subjects"),
    ("modules", 20_000, "modules, spread evenly over the courses"),
    ("contents", 100_000, "contents (one text or video each), spread over modules"),
    ("students", 5_000, "students"),
    ("enrolments_per_student", 5, "courses each student is enrolled in"),
    ("meals", 10_000, "meals"),
    ("ratings", 200_000, "ratings by the students, spread evenly over the meals"),
]


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def share(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return number


def check_sizes(sizes: dict) -> None:
    needs = [
        ("courses", "subjects"),
        ("courses", "instructors"),
        ("modules", "courses"),
        ("contents", "modules"),
        ("ratings", "meals"),
        ("ratings", "students"),
    ]
    for child, parent in needs:
        if sizes[child] and not sizes[parent]:
            raise CommandError(
                f"{option(child)} needs at least one of {option(parent)}."
            )
    if sizes["students"] and sizes["enrolments_per_student"] > sizes["courses"]:
        raise CommandError(
            "--enrolments-per-student cannot be more than --courses "
            "(a student joins a course once)."
        )
    if sizes["ratings"] > sizes["meals"] * sizes["students"]:
        raise CommandError(
            "--ratings cannot be more than --meals x --students "
            "(a student rates a meal once)."
        )


def bench_data_modules() -> list[tuple[str, object]]:
    """(app, its `bench_data` module) for each of our apps that has one."""
    return [
        (app, import_module(f"{app}.bench_data"))
        for app in settings.LOCAL_APPS
        if find_spec(f"{app}.bench_data")
    ]


class Command(BaseCommand):
    help = (
        "Fill a benchmark database with a large data set, in bulk. Bench users log "
        f'in with the password "{PASSWORD}".'
    )

    def add_arguments(self, parser):
        for name, default, what in SIZES:
            parser.add_argument(
                option(name),
                type=count,
                default=default,
                help=f"How many {what} (default {default:,}).",
            )
        parser.add_argument(
            "--video-share",
            type=share,
            default=0.1,
            help="The share of contents that are videos; the rest are texts "
            "(default 0.1).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Seed of the random generator: the same seed, the same data "
            "(default 1).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the bench data of an earlier run first (else refused).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with debug off (the bench users have a public password).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["force"]):
            raise CommandError(
                "Refusing to seed bench users with a public password while "
                "DJANGO_DEBUG is off; pass --force if this is a benchmark database."
            )
        sizes = {name: options[name] for name, _, _ in SIZES}
        check_sizes(sizes)
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CommandError(
                f"{connection.vendor} does not return the ids of bulk inserts; "
                "seed_bench needs SQLite 3.35+ or PostgreSQL."
            )

        modules = bench_data_modules()
        bench = BulkSeed(
            sizes,
            options["video_share"],
            lambda label, total: Progress(self.stdout, label, total),
            users=bench_users(),
        )
        started = time.monotonic()
        with transaction.atomic():
            if any(m.exists() for _, m in modules if hasattr(m, "exists")):
                if not options["replace"]:
                    raise CommandError(
                        "This database already has bench data (bench-* users, "
                        "subjects or courses, or Bench meal * meals); pass "
                        "--replace to delete it first."
                    )
                self._delete(modules, bench, started)
            for app, module in modules:
                if hasattr(module, "seed"):
                    # A generator per app: changing one app's rows leaves the
                    # others' as they were for the same seed.
                    module.seed(bench, random.Random(f"{options['seed']}:{app}"))
            # Bulk writes sent no signals: retire every cached page, after the
            # commit (a reader before it would cache the old rows again).
            transaction.on_commit(retire_all_namespaces)
        self._report(bench.created, time.monotonic() - started, options["seed"])

    def _delete(self, modules, bench: BulkSeed, started: float) -> None:
        """Every app's bench rows, the users' last (the rest hangs on them)."""
        deleted = 0
        for _, module in reversed(modules):
            if hasattr(module, "delete"):
                deleted += module.delete(bench)
        self.stdout.write(
            f"Deleted the earlier bench data: {deleted:,} rows "
            f"({time.monotonic() - started:.1f} s)"
        )

    def _report(self, created: dict, seconds: float, seed: int) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the bench data in {seconds:.1f} s (seed {seed}):"
            )
        )
        for name, rows in created.items():
            self.stdout.write(f"  {name:<13}{rows:>9,}")
        self.stdout.write(
            f'Log in as bench-student-1... or bench-instructor-1... with "{PASSWORD}".'
        )
