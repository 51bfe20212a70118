"""What the catalogue and the course pages keep in the cache (docs/caching.md).

Two kinds of entry, by how their key stays current:
- the catalogue's lists (subjects, pages of courses, the API's lists) carry the
  version of the CATALOGUE namespace, retired after any change to a course,
  subject or module row shows in a list (courses.signals);
- a course's own entries (its page, its modules, a student's view of a module,
  the contents answer) carry the course's `revision`, a column renewed in the
  same transaction as any change to the course, its modules, its contents or its
  students. The request reads the course row anyway (to find it, or to check
  access), so the key is always the current one: no retirement can be lost.

Whether someone may study a course is never cached (CourseQuerySet.open_to).
What is cached is plain data and HTML, never model instances.
"""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404

from courses.models import Content, Course, Module, Quiz, Subject, new_revision
from courses.search import only_common_words
from educa.cache import Namespace, cached, entry_key

CATALOGUE = Namespace("catalogue")
COURSES_PER_PAGE = 12
# Keys change with what they are built from; the timeout only bounds how long
# an entry nobody reads takes up memory.
TIMEOUT = 60 * 60


def catalogue_retire() -> None:
    """Retire the catalogue's lists (after the commit)."""
    CATALOGUE.retire()


def course_entries_retire(course_ids) -> None:
    """Retire the entries of these courses: a new revision, in this transaction."""
    Course.objects.filter(pk__in=course_ids).update(revision=new_revision())


def course_entry(course, parts: tuple, build):
    """`build()`, cached for `course` (anything with `pk` and `revision`) under
    `parts` until the course's revision changes."""
    key = entry_key("course", course.pk, course.revision, *parts)
    return cached(key, build, TIMEOUT)


def catalogue_entry(parts: tuple, build):
    """`build()`, cached under `parts` until the catalogue is retired."""
    return cached(CATALOGUE.key(*parts), build, TIMEOUT)


def subjects() -> list[dict]:
    """All subjects as {id, title, slug, total_courses}, by title."""
    return catalogue_entry(
        ("subjects",),
        lambda: list(
            Subject.objects.with_course_count().values(
                "id", "title", "slug", "total_courses"
            )
        ),
    )


@dataclass(frozen=True)
class CoursePage:
    """One page of the course list, with what the pager needs."""

    courses: list[dict]
    number: int
    num_pages: int
    count: int
    # A search that matched nothing as it had only very common words (full text
    # drops them): the page says so rather than "No course matches".
    only_common_words: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def course_page(*, subject_id: int | None, number: int, search: str = "") -> CoursePage:
    """Page `number` of the courses (of one subject, or all), newest first; or,
    with a `search` (a validated query), of those matching it, best first.

    Http404 for a page that does not exist; such pages are not cached, and
    neither are searches: their keys would be whatever anyone types, and a
    search costs two indexed queries (docs/caching.md).
    """
    if search:
        return _course_page(subject_id, number, search)
    return catalogue_entry(
        ("courses", subject_id or "all", number),
        lambda: _course_page(subject_id, number),
    )


def _course_page(subject_id: int | None, number: int, search: str = "") -> CoursePage:
    courses = Course.objects.for_catalogue()
    if subject_id is not None:
        courses = courses.filter(subject_id=subject_id)
    if search:
        courses = courses.search(search)
    paginator = Paginator(courses, COURSES_PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise Http404(str(error)) from None
    return CoursePage(
        courses=[
            {
                "id": course.pk,
                "title": course.title,
                "slug": course.slug,
                "overview": course.overview,
                "subject": {"title": course.subject.title, "slug": course.subject.slug},
                "instructor": course.owner.display_name,
                "module_count": course.module_count,
            }
            for course in page.object_list
        ],
        number=page.number,
        num_pages=paginator.num_pages,
        count=paginator.count,
        only_common_words=bool(search)
        and not paginator.count
        and only_common_words(search),
    )


def course_modules(course) -> list[dict]:
    """The course's modules in order, as {id, title, description}."""
    return course_entry(
        course,
        ("modules",),
        lambda: list(
            Module.objects.filter(course_id=course.pk).values(
                "id", "title", "description"
            )
        ),
    )


def rendered_contents_of(module_ids) -> dict[int, list[dict]]:
    """Each module's contents in order, as {id, order, kind, title, html}, a
    quiz's also with `quiz` (quiz_for_students): one query for the contents and
    one per kind of item, however many modules."""
    rendered: dict[int, list[dict]] = {module_id: [] for module_id in module_ids}
    contents = list(Content.objects.filter(module_id__in=module_ids).with_items())
    # Every quiz's questions and choices: two queries, and none without a quiz.
    quizzes = [content.item for content in contents if isinstance(content.item, Quiz)]
    prefetch_related_objects(quizzes, "questions__choices")
    for content in contents:
        if content.item is None:  # an item deleted behind the CMS's back
            continue
        entry = {
            "id": content.pk,
            "order": content.order,
            "kind": content.item.kind,
            "title": content.item.title,
            "html": content.item.render(),
        }
        if isinstance(content.item, Quiz):
            entry["quiz"] = quiz_for_students(content.item)
        rendered[content.module_id].append(entry)
    return rendered


def quiz_for_students(quiz: Quiz) -> dict:
    """What a student may know of a quiz before answering it, as {id, pass_mark,
    max_attempts, questions: [{id, text, multiple, choices: [{id, text}]}]} in
    authoring order: never which choices are correct. Reads the questions and
    choices prefetched."""
    return {
        "id": quiz.pk,
        "pass_mark": quiz.pass_mark,
        "max_attempts": quiz.max_attempts,
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "multiple": question.multiple,
                # Named fields only: the rows carry `correct`, which never
                # goes into an entry.
                "choices": [
                    {"id": choice.pk, "text": choice.text}
                    for choice in question.choices.all()
                ],
            }
            for question in quiz.questions.all()
        ],
    }
