"""`manage.py seed_bench`: a large data set for benchmarks, written in bulk.

Everything is made with `bulk_create` in one transaction: users (instructors in
the Instructors group, students), subjects, courses, modules, contents (mostly
texts, some YouTube videos), enrolments, meals and ratings, then the meals'
stored rating stats. Every size is an option; `--seed` makes the data the same
from run to run.

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

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench.dataset import (
    PASSWORD,
    SIZES,
    Progress,
    Seeder,
    bench_data_exists,
    check_sizes,
    delete_bench_data,
    option,
)
from educa.cache import retire_all_namespaces


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

        started = time.monotonic()
        with transaction.atomic():
            if bench_data_exists():
                if not options["replace"]:
                    raise CommandError(
                        "This database already has bench data (bench-* users, "
                        "subjects or courses, or Bench meal * meals); pass "
                        "--replace to delete it first."
                    )
                deleted = delete_bench_data()
                self.stdout.write(
                    f"Deleted the earlier bench data: {deleted:,} rows "
                    f"({time.monotonic() - started:.1f} s)"
                )
            seeder = Seeder(
                random.Random(options["seed"]),
                sizes,
                options["video_share"],
                lambda label, total: Progress(self.stdout, label, total),
            )
            seeder.run()
            # Bulk writes sent no signals: retire every cached page, after the
            # commit (a reader before it would cache the old rows again).
            transaction.on_commit(retire_all_namespaces)
        self._report(seeder.created, time.monotonic() - started, options["seed"])

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
