"""The benchmark data set: bulk rows for every model, made and removed again.

Used by `manage.py seed_bench` (educa/management/commands/seed_bench.py), whose
docstring says what is made and how bench rows are recognised."""

import random
import time
from collections import defaultdict
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db.models import Avg, Count, Q

from accounts.models import User
from courses.models import Content, Course, File, Image, Module, Subject, Text, Video
from meals.models import Meal, Rating
from meals.services import meal_stats_refresh
from students.models import Completion

PASSWORD = "bench-password"
INSTRUCTORS_GROUP = "Instructors"
# What the bench rows are called: the names they are made with, and the exact
# patterns (case-sensitive, unlike SQLite's LIKE) that find them again.
USERNAME = "bench-{role}-{n}"
SUBJECT_SLUG = "bench-subject-{n}"
COURSE_SLUG = "bench-course-{n}"
MEAL_TITLE = "Bench meal {n}"
USERNAME_RE = r"^bench-(instructor|student)-[0-9]+$"
SUBJECT_SLUG_RE = r"^bench-subject-[0-9]+$"
COURSE_SLUG_RE = r"^bench-course-[0-9]+$"
MEAL_TITLE_RE = r"^Bench meal [0-9]+$"

# Rows per INSERT (Django lowers it on SQLite, to stay under 999 parameters).
BATCH_SIZE = 1000
# Rows built in memory at a time: also the progress bars' step.
CHUNK = 5_000
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
YOUTUBE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
# Words of the generated titles and texts, and names of the users.
VOCABULARY = """
algebra analysis answer basic chapter chord class code data design draw energy
example exercise field form function garden graph guide history idea kitchen
language lesson light list loop map market method model music note number object
pattern picture plan practice problem project question reading recipe rhythm
river scale science sentence shape skill sound space story study system table
theory tool topic value variable voice water week word world writing
"""
FIRST_NAMES_TEXT = "Ada Alan Grace Edsger Barbara Donald Margaret Niklaus Frances Ken"
LAST_NAMES_TEXT = "Lovelace Turing Hopper Dijkstra Liskov Knuth Hamilton Wirth Allen"
WORDS = VOCABULARY.split()
FIRST_NAMES = FIRST_NAMES_TEXT.split()
LAST_NAMES = LAST_NAMES_TEXT.split()


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


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


def bench_users():
    return User.objects.filter(username__regex=USERNAME_RE)


def bench_subjects():
    return Subject.objects.filter(slug__regex=SUBJECT_SLUG_RE)


def bench_meals():
    return Meal.objects.filter(title__regex=MEAL_TITLE_RE)


def bench_courses():
    """The bench courses, and any other course of a bench subject or owner."""
    return Course.objects.filter(
        Q(slug__regex=COURSE_SLUG_RE)
        | Q(owner__in=bench_users())
        | Q(subject__in=bench_subjects())
    )


def bench_data_exists() -> bool:
    return any(
        rows.exists()
        for rows in [
            bench_users(),
            bench_subjects(),
            Course.objects.filter(slug__regex=COURSE_SLUG_RE),
            bench_meals(),
        ]
    )


def delete_bench_data() -> int:
    """Delete the bench rows and what hangs on them; returns how many rows went.

    The ORM's cascades would cost queries per row: every rating's deletion
    refreshes its meal's stats, every content's deletes its item. So the bulky
    tables are emptied with one DELETE each, children first, through
    `QuerySet._raw_delete` (what Django's own fast deletes run: no signals, no
    cascades). Only the users go through `delete()`, once nothing bulky hangs
    on them, so that every other relation (admin log, JWT tokens, groups) is
    cascaded as usual.
    """
    users, meals, courses = bench_users(), bench_meals(), bench_courses()
    contents = Content.objects.filter(module__course__in=courses)
    ratings = Rating.objects.filter(Q(meal__in=meals) | Q(user__in=users))
    # Meals of other people that bench students rated (a benchmark's writes).
    other_meals = set(
        ratings.exclude(meal__in=meals).values_list("meal_id", flat=True).distinct()
    )
    deleted = 0
    for rows in [
        Completion.objects.filter(Q(content__in=contents) | Q(student__in=users)),
        ratings,
        Course.students.through.objects.filter(
            Q(course__in=courses) | Q(user__in=users)
        ),
        contents,
    ]:
        deleted += rows._raw_delete(rows.db)
    # Uploads (none from seed_bench; a benchmark may add some) go through
    # delete(), whose signal removes the stored files.
    for model in (File, Image):
        deleted += model.objects.filter(owner__in=users).delete()[0]
    for rows in [
        Text.objects.filter(owner__in=users),
        Video.objects.filter(owner__in=users),
        Module.objects.filter(course__in=courses),
        courses,
        bench_subjects(),
        meals,
    ]:
        deleted += rows._raw_delete(rows.db)
    deleted += users.delete()[0]
    for meal_id in other_meals:
        meal_stats_refresh(meal_ids=[meal_id])
    return deleted


class Seeder:
    """Makes the rows, stage by stage; `created` counts them by kind."""

    def __init__(self, rng: random.Random, sizes: dict, video_share: float, progress):
        self.rng, self.sizes, self.video_share = rng, sizes, video_share
        self.progress = progress
        self.created: dict[str, int] = {}

    def run(self) -> None:
        self.users()
        self.subjects()
        self.courses()
        self.modules()
        self.contents()
        self.enrolments()
        self.meals()
        self.ratings()
        self.meal_stats()

    def words(self, k: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=k))

    def sentences(self, count: int) -> str:
        return " ".join(
            self.words(self.rng.randint(6, 16)).capitalize() + "." for _ in range(count)
        )

    def users(self) -> None:
        # One hash for all: hashing costs ~0.3 s a password with PBKDF2.
        password = make_password(PASSWORD)
        instructors, students = self.sizes["instructors"], self.sizes["students"]
        with self.progress("users", instructors + students) as bar:
            self.instructor_ids = self._users("instructor", instructors, password, bar)
            self.student_ids = self._users("student", students, password, bar)
        group = Group.objects.filter(name=INSTRUCTORS_GROUP).first()
        if group is None:
            raise CommandError(
                f"The {INSTRUCTORS_GROUP} group is missing: run `manage.py migrate`."
            )
        membership = User.groups.through
        membership.objects.bulk_create(
            (membership(user_id=pk, group_id=group.pk) for pk in self.instructor_ids),
            batch_size=BATCH_SIZE,
        )
        self.created["instructors"] = len(self.instructor_ids)
        self.created["students"] = len(self.student_ids)

    def _users(self, role: str, total: int, password: str, bar) -> list[int]:
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
                        first_name=self.rng.choice(FIRST_NAMES),
                        last_name=self.rng.choice(LAST_NAMES),
                    )
                )
            User.objects.bulk_create(users, batch_size=BATCH_SIZE)
            ids += [user.pk for user in users]
            bar.advance(len(users))
        return ids

    def subjects(self) -> None:
        total = self.sizes["subjects"]
        with self.progress("subjects", total) as bar:
            subjects = Subject.objects.bulk_create(
                (
                    Subject(title=f"Bench subject {n}", slug=SUBJECT_SLUG.format(n=n))
                    for n in range(1, total + 1)
                ),
                batch_size=BATCH_SIZE,
            )
            bar.advance(len(subjects))
        self.subject_ids = [subject.pk for subject in subjects]
        self.created["subjects"] = len(subjects)

    def courses(self) -> None:
        total = self.sizes["courses"]
        subject_of = [
            subject_id
            for subject_id, n in zip(
                self.subject_ids, spread(total, len(self.subject_ids)), strict=True
            )
            for _ in range(n)
        ]
        self.course_ids, self.course_owners = [], []
        with self.progress("courses", total) as bar:
            for chunk in chunks(range(total), CHUNK):
                courses = [
                    Course(
                        owner_id=self.rng.choice(self.instructor_ids),
                        subject_id=subject_of[i],
                        title=f"Bench course {i + 1}: {self.words(3).capitalize()}",
                        slug=COURSE_SLUG.format(n=i + 1),
                        overview=self.sentences(2),
                    )
                    for i in chunk
                ]
                Course.objects.bulk_create(courses, batch_size=BATCH_SIZE)
                self.course_ids += [course.pk for course in courses]
                self.course_owners += [course.owner_id for course in courses]
                bar.advance(len(courses))
        self.created["courses"] = len(self.course_ids)

    def modules(self) -> None:
        total = self.sizes["modules"]
        # Orders 0..n-1 in each course, set here: OrderField fills a missing
        # order with a query per row, which no bulk insert can do right.
        specs = (
            (course_id, owner_id, order)
            for course_id, owner_id, n in zip(
                self.course_ids,
                self.course_owners,
                spread(total, len(self.course_ids)),
                strict=True,
            )
            for order in range(n)
        )
        self.module_ids, self.module_owners = [], []
        with self.progress("modules", total) as bar:
            for chunk in chunks(specs, CHUNK):
                modules = [
                    Module(
                        course_id=course_id,
                        title=f"Module {order + 1}: {self.words(3).capitalize()}",
                        description=self.sentences(1),
                        order=order,
                    )
                    for course_id, _, order in chunk
                ]
                Module.objects.bulk_create(modules, batch_size=BATCH_SIZE)
                self.module_ids += [module.pk for module in modules]
                self.module_owners += [owner_id for _, owner_id, _ in chunk]
                bar.advance(len(modules))
        self.created["modules"] = len(self.module_ids)

    def contents(self) -> None:
        total = self.sizes["contents"]
        text_type = ContentType.objects.get_for_model(Text)
        video_type = ContentType.objects.get_for_model(Video)
        specs = (
            (module_id, owner_id, order)
            for module_id, owner_id, n in zip(
                self.module_ids,
                self.module_owners,
                spread(total, len(self.module_ids)),
                strict=True,
            )
            for order in range(n)
        )
        texts = videos = 0
        with self.progress("contents", total) as bar:
            for chunk in chunks(specs, CHUNK):
                # Each content's item first (its id is the content's object_id).
                items = [
                    self._video(owner_id, order)
                    if self.rng.random() < self.video_share
                    else self._text(owner_id, order)
                    for _, owner_id, order in chunk
                ]
                chunk_texts = [item for item in items if isinstance(item, Text)]
                chunk_videos = [item for item in items if isinstance(item, Video)]
                Text.objects.bulk_create(chunk_texts, batch_size=BATCH_SIZE)
                Video.objects.bulk_create(chunk_videos, batch_size=BATCH_SIZE)
                Content.objects.bulk_create(
                    (
                        Content(
                            module_id=module_id,
                            content_type=video_type
                            if isinstance(item, Video)
                            else text_type,
                            object_id=item.pk,
                            order=order,
                        )
                        for (module_id, _, order), item in zip(
                            chunk, items, strict=True
                        )
                    ),
                    batch_size=BATCH_SIZE,
                )
                texts += len(chunk_texts)
                videos += len(chunk_videos)
                bar.advance(len(chunk))
        self.created["contents"] = texts + videos
        self.created["texts"] = texts
        self.created["videos"] = videos

    def _text(self, owner_id: int, order: int) -> Text:
        paragraphs = [self.sentences(self.rng.randint(2, 4)) for _ in range(2)]
        return Text(
            owner_id=owner_id,
            title=f"Lesson {order + 1}: {self.words(2)}",
            content="\n\n".join(paragraphs),
        )

    def _video(self, owner_id: int, order: int) -> Video:
        video_id = "".join(self.rng.choices(YOUTUBE_ID_CHARS, k=11))
        return Video(
            owner_id=owner_id,
            title=f"Video {order + 1}: {self.words(2)}",
            url=f"https://www.youtube.com/watch?v={video_id}",
        )

    def enrolments(self) -> None:
        per_student = self.sizes["enrolments_per_student"]
        through = Course.students.through
        rows = (
            through(user_id=student_id, course_id=course_id)
            for student_id in self.student_ids
            for course_id in self.rng.sample(self.course_ids, per_student)
        )
        done = 0
        with self.progress("enrolments", len(self.student_ids) * per_student) as bar:
            for chunk in chunks(rows, CHUNK):
                through.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
                done += len(chunk)
                bar.advance(len(chunk))
        self.created["enrolments"] = done

    def meals(self) -> None:
        total = self.sizes["meals"]
        self.meal_ids = []
        with self.progress("meals", total) as bar:
            for chunk in chunks(range(1, total + 1), CHUNK):
                meals = [
                    Meal(title=MEAL_TITLE.format(n=n), description=self.sentences(1))
                    for n in chunk
                ]
                Meal.objects.bulk_create(meals, batch_size=BATCH_SIZE)
                self.meal_ids += [meal.pk for meal in meals]
                bar.advance(len(meals))
        self.created["meals"] = len(self.meal_ids)

    def ratings(self) -> None:
        total = self.sizes["ratings"]
        with self.progress("ratings", total) as bar:
            for chunk in chunks(self._ratings(total), CHUNK):
                Rating.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
                bar.advance(len(chunk))
        self.created["ratings"] = total

    def _ratings(self, total: int):
        """Each meal rated by distinct students, around a mean of its own."""
        rng = self.rng
        for meal_id, n in zip(
            self.meal_ids, spread(total, len(self.meal_ids)), strict=True
        ):
            mean = rng.uniform(1.5, 4.8)
            for user_id in rng.sample(self.student_ids, n):
                stars = min(5, max(1, round(rng.gauss(mean, 1.0))))
                yield Rating(meal_id=meal_id, user_id=user_id, stars=stars)

    def meal_stats(self) -> None:
        """Store each meal's average and count, as meal_stats_refresh does.

        One aggregate query for all the meals; then one UPDATE per distinct
        (average, count) pair, rounded as the service rounds, for up to 500
        meals at a time.
        """
        stats = (
            Rating.objects.filter(meal__in=bench_meals())
            .order_by()
            .values("meal_id")
            .annotate(avg=Avg("stars"), count=Count("id"))
            .values_list("meal_id", "avg", "count")
        )
        meals_by_stats = defaultdict(list)
        for meal_id, avg, n in stats:
            meals_by_stats[round(avg, 2), n].append(meal_id)
        rated = sum(len(ids) for ids in meals_by_stats.values())
        with self.progress("meal stats", rated) as bar:
            for (avg, n), meal_ids in meals_by_stats.items():
                for chunk in chunks(meal_ids, 500):
                    Meal.objects.filter(pk__in=chunk).update(
                        avg_rating=avg, no_of_ratings=n
                    )
                    bar.advance(len(chunk))
