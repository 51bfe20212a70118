"""The bench catalogue of `seed_bench`: subjects (`bench-subject-N`), courses
(`bench-course-N`) owned by the bench instructors, their modules and contents
(texts, some YouTube videos), and the bench students' enrolments."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from courses.models import Content, Course, File, Image, Module, Subject, Text, Video
from courses.search import course_search_vectors_update
from educa.seeding import (
    BATCH_SIZE,
    CHUNK,
    BulkSeed,
    chunks,
    sentences,
    spread,
    words,
)

SUBJECT_SLUG = "bench-subject-{n}"
COURSE_SLUG = "bench-course-{n}"
# Exact (case-sensitive, unlike SQLite's LIKE): what finds the bench rows again.
SUBJECT_SLUG_RE = r"^bench-subject-[0-9]+$"
COURSE_SLUG_RE = r"^bench-course-[0-9]+$"
YOUTUBE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def bench_subjects():
    return Subject.objects.filter(slug__regex=SUBJECT_SLUG_RE)


def bench_courses(users):
    """The bench courses, and any other course of a bench subject or of one of
    `users` (the bench users)."""
    return Course.objects.filter(
        Q(slug__regex=COURSE_SLUG_RE)
        | Q(owner__in=users)
        | Q(subject__in=bench_subjects())
    )


def exists() -> bool:
    return (
        bench_subjects().exists()
        or Course.objects.filter(slug__regex=COURSE_SLUG_RE).exists()
    )


def seed(bench: BulkSeed, rng) -> None:
    """Subjects, courses, modules, contents, then the students' enrolments."""
    subject_ids = _subjects(bench)
    courses = _courses(bench, rng, subject_ids)
    modules = _modules(bench, rng, courses)
    # Bulk inserts send no signals: the search vectors (courses.search), at once.
    course_search_vectors_update(
        Course.objects.filter(pk__in=[course_id for course_id, _ in courses])
    )
    _contents(bench, rng, modules)
    _enrolments(bench, rng, [course_id for course_id, _ in courses])


def _subjects(bench: BulkSeed) -> list[int]:
    total = bench.sizes["subjects"]
    with bench.progress("subjects", total) as bar:
        subjects = Subject.objects.bulk_create(
            (
                Subject(title=f"Bench subject {n}", slug=SUBJECT_SLUG.format(n=n))
                for n in range(1, total + 1)
            ),
            batch_size=BATCH_SIZE,
        )
        bar.advance(len(subjects))
    bench.created["subjects"] = len(subjects)
    return [subject.pk for subject in subjects]


def _courses(bench: BulkSeed, rng, subject_ids) -> list[tuple[int, int]]:
    """The courses, as (id, owner id)."""
    total = bench.sizes["courses"]
    subject_of = [
        subject_id
        for subject_id, n in zip(
            subject_ids, spread(total, len(subject_ids)), strict=True
        )
        for _ in range(n)
    ]
    made = []
    with bench.progress("courses", total) as bar:
        for chunk in chunks(range(total), CHUNK):
            courses = [
                Course(
                    owner_id=rng.choice(bench.ids["instructors"]),
                    subject_id=subject_of[i],
                    title=f"Bench course {i + 1}: {words(rng, 3).capitalize()}",
                    slug=COURSE_SLUG.format(n=i + 1),
                    overview=sentences(rng, 2),
                )
                for i in chunk
            ]
            Course.objects.bulk_create(courses, batch_size=BATCH_SIZE)
            made += [(course.pk, course.owner_id) for course in courses]
            bar.advance(len(courses))
    bench.created["courses"] = len(made)
    return made


def _modules(bench: BulkSeed, rng, courses) -> list[tuple[int, int]]:
    """The modules, as (id, owner id of its course)."""
    total = bench.sizes["modules"]
    # Orders 0..n-1 in each course, set here: OrderField fills a missing
    # order with a query per row, which no bulk insert can do right.
    specs = (
        (course_id, owner_id, order)
        for (course_id, owner_id), n in zip(
            courses, spread(total, len(courses)), strict=True
        )
        for order in range(n)
    )
    made = []
    with bench.progress("modules", total) as bar:
        for chunk in chunks(specs, CHUNK):
            modules = [
                Module(
                    course_id=course_id,
                    title=f"Module {order + 1}: {words(rng, 3).capitalize()}",
                    description=sentences(rng, 1),
                    order=order,
                )
                for course_id, _, order in chunk
            ]
            Module.objects.bulk_create(modules, batch_size=BATCH_SIZE)
            made += [
                (module.pk, owner_id)
                for module, (_, owner_id, _) in zip(modules, chunk, strict=True)
            ]
            bar.advance(len(modules))
    bench.created["modules"] = len(made)
    return made


def _contents(bench: BulkSeed, rng, modules) -> None:
    total = bench.sizes["contents"]
    content_type = {
        Text: ContentType.objects.get_for_model(Text),
        Video: ContentType.objects.get_for_model(Video),
    }
    specs = (
        (module_id, owner_id, order)
        for (module_id, owner_id), n in zip(
            modules, spread(total, len(modules)), strict=True
        )
        for order in range(n)
    )
    made = {Text: 0, Video: 0}
    with bench.progress("contents", total) as bar:
        for chunk in chunks(specs, CHUNK):
            # Each content's item first (its id is the content's object_id).
            items = [
                _video(rng, owner_id, order)
                if rng.random() < bench.video_share
                else _text(rng, owner_id, order)
                for _, owner_id, order in chunk
            ]
            for model in (Text, Video):
                of_model = [item for item in items if type(item) is model]
                model.objects.bulk_create(of_model, batch_size=BATCH_SIZE)  # type: ignore[arg-type]  # items of `model` only
                made[model] += len(of_model)
            Content.objects.bulk_create(
                (
                    Content(
                        module_id=module_id,
                        content_type=content_type[type(item)],
                        object_id=item.pk,
                        order=order,
                    )
                    for (module_id, _, order), item in zip(chunk, items, strict=True)
                ),
                batch_size=BATCH_SIZE,
            )
            bar.advance(len(chunk))
    bench.created["contents"] = made[Text] + made[Video]
    bench.created["texts"] = made[Text]
    bench.created["videos"] = made[Video]


def _text(rng, owner_id: int, order: int) -> Text:
    paragraphs = [sentences(rng, rng.randint(2, 4)) for _ in range(2)]
    return Text(
        owner_id=owner_id,
        title=f"Lesson {order + 1}: {words(rng, 2)}",
        content="\n\n".join(paragraphs),
    )


def _video(rng, owner_id: int, order: int) -> Video:
    video_id = "".join(rng.choices(YOUTUBE_ID_CHARS, k=11))
    return Video(
        owner_id=owner_id,
        title=f"Video {order + 1}: {words(rng, 2)}",
        url=f"https://www.youtube.com/watch?v={video_id}",
    )


def _enrolments(bench: BulkSeed, rng, course_ids: list[int]) -> None:
    per_student = bench.sizes["enrolments_per_student"]
    students = bench.ids["students"]
    through = Course.students.through
    rows = (
        through(user_id=student_id, course_id=course_id)
        for student_id in students
        for course_id in rng.sample(course_ids, per_student)
    )
    done = 0
    with bench.progress("enrolments", len(students) * per_student) as bar:
        for chunk in chunks(rows, CHUNK):
            through.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
            done += len(chunk)
            bar.advance(len(chunk))
    bench.created["enrolments"] = done


def delete(bench: BulkSeed) -> int:
    """The bench catalogue, and every enrolment in it or of a bench user.

    The ORM's cascades would cost queries per row (every content's deletion
    deletes its item), so the bulky tables are emptied with one DELETE each,
    children first, through `QuerySet._raw_delete` (what Django's own fast
    deletes run: no signals, no cascades). Uploads go through `delete()`,
    whose signal removes the stored files.
    """
    courses = bench_courses(bench.users)
    deleted = 0
    for rows in [
        Course.students.through.objects.filter(
            Q(course__in=courses) | Q(user__in=bench.users)
        ),
        Content.objects.filter(module__course__in=courses),
    ]:
        deleted += rows._raw_delete(rows.db)
    # Uploads: none from seed_bench; a benchmark may add some.
    for model in (File, Image):
        deleted += model.objects.filter(owner__in=bench.users).delete()[0]
    for rows in [
        Text.objects.filter(owner__in=bench.users),
        Video.objects.filter(owner__in=bench.users),
        Module.objects.filter(course__in=courses),
        courses,
        bench_subjects(),
    ]:
        deleted += rows._raw_delete(rows.db)
    return deleted
