"""The bench users of `seed_bench`: instructors (in the Instructors group) and
students, `bench-instructor-N` and `bench-student-N`, all with PASSWORD."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from accounts.models import User
from educa.seeding import BATCH_SIZE, CHUNK, BulkSeed, chunks

PASSWORD = "bench-password"
INSTRUCTORS_GROUP = "Instructors"
USERNAME = "bench-{role}-{n}"
# Exact (case-sensitive, unlike SQLite's LIKE): what finds the bench users again.
USERNAME_RE = r"^bench-(instructor|student)-[0-9]+$"
FIRST_NAMES = [
    "Ada",
    "Alan",
    "Grace",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Niklaus",
    "Frances",
    "Ken",
]
LAST_NAMES = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Wirth",
    "Allen",
]


def bench_users():
    return User.objects.filter(username__regex=USERNAME_RE)


def exists() -> bool:
    return bench_users().exists()


def seed(bench: BulkSeed, rng) -> None:
    """The users; their ids in `bench.ids["instructors"]` and `["students"]`."""
    # One hash for all: hashing costs ~0.3 s a password with PBKDF2.
    password = make_password(PASSWORD)
    instructors, students = bench.sizes["instructors"], bench.sizes["students"]
    with bench.progress("users", instructors + students) as bar:
        instructor_ids = _users(rng, "instructor", instructors, password, bar)
        student_ids = _users(rng, "student", students, password, bar)
    group = Group.objects.filter(name=INSTRUCTORS_GROUP).first()
    if group is None:
        raise CommandError(
            f"The {INSTRUCTORS_GROUP} group is missing: run `manage.py migrate`."
        )
    membership = User.groups.through
    membership.objects.bulk_create(
        (membership(user_id=pk, group_id=group.pk) for pk in instructor_ids),
        batch_size=BATCH_SIZE,
    )
    bench.ids["instructors"], bench.ids["students"] = instructor_ids, student_ids
    bench.created["instructors"] = len(instructor_ids)
    bench.created["students"] = len(student_ids)


def _users(rng, role: str, total: int, password: str, bar) -> list[int]:
    ids = []
    for chunk in chunks(range(1, total + 1), CHUNK):
        users = []
        for n in chunk:
            username = USERNAME.format(role=role, n=n)
            users.append(
                User(
                    username=username,
                    email=f"{username}@example.com",
                    password=password,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        ids += [user.pk for user in users]
        bar.advance(len(users))
    return ids


def delete(bench: BulkSeed) -> int:
    """The bench users, last (the other apps' bulky rows on them are gone by
    then): through `delete()`, so every other relation (admin log, JWT tokens,
    groups) is cascaded as usual."""
    return bench.users.delete()[0]
