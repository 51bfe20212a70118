"""The cached parts of the catalogue and of the course pages, and their invalidation.

Three kinds of versioned namespace (educa.cache):
- the catalogue: every course, subject and module row, the enrolments and the
  instructors' names; it holds the subjects with their course counts, the pages of
  the course list, the API's lists and each course's modules;
- one per module, for its rendered contents;
- one per course, retired with the contents of any of its modules: an entry built
  from a whole course (the API's contents call, a student's page) is keyed on it
  and the catalogue.
Each key names what it holds (module id, subject id, page number), so two courses
never share an entry. The signals in courses.signals retire a namespace whenever
the rows it was built from change.

What is cached is plain data (dicts, lists, HTML strings), never model instances:
nothing private (password hashes) ends up in memcached, and entries stay readable
by the next release.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

from courses.models import Content, Course, Module, Subject
from educa.cache import (
    cached_in_namespace,
    namespace_invalidate,
    namespace_key,
    namespace_keys,
)
from educa.parsing import parse_id

CATALOGUE = "catalogue"
COURSES_PER_PAGE = 12
# Invalidation keeps entries fresh; the timeout only bounds how long an entry
# built by an older release of the templates can live on.
TIMEOUT = 60 * 60
# Who may study a course, or an entry that says so (a student's whole page, in
# students.caching), is retired with the catalogue like the rest; a shorter life
# bounds the damage should a retirement ever be lost (memcached flapping).
ACCESS_TIMEOUT = 5 * 60


def module_namespace(module_id: int) -> str:
    return f"module:{module_id}"


def course_namespace(course_id: int) -> str:
    return f"course:{course_id}"


def catalogue_changed() -> None:
    """Retire the subjects and every course list page (after the commit)."""
    namespace_invalidate(CATALOGUE)


def module_contents_changed(module_ids) -> None:
    """Retire the rendered contents of these modules, and their courses' entries
    (after the commit)."""
    module_ids = set(module_ids)
    for module_id in module_ids:
        namespace_invalidate(module_namespace(module_id))
    courses = Module.objects.filter(pk__in=module_ids).values_list("course_id")
    for course_id in {course_id for (course_id,) in courses}:
        namespace_invalidate(course_namespace(course_id))


def subjects() -> list[dict]:
    """All subjects as {id, title, slug, total_courses}, by title."""
    return cached_in_namespace(
        CATALOGUE,
        ("subjects",),
        lambda: list(
            Subject.objects.with_course_count().values(
                "id", "title", "slug", "total_courses"
            )
        ),
        TIMEOUT,
    )


def visitor_page(path: str, render) -> bytes:
    """The page at `path` as a plain visitor sees it: `render()` once, then cached.

    Only for pages built from what retires the catalogue's namespace.
    """
    return cached_in_namespace(CATALOGUE, ("visitor-page", path), render, TIMEOUT)


@dataclass(frozen=True)
class CoursePage:
    """One page of the course list, with what the pager needs."""

    courses: list[dict]
    number: int
    num_pages: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def course_page(*, subject_id: int | None, number: int) -> CoursePage:
    """Page `number` of the courses (of one subject, or all), newest first.

    Http404 for a page that does not exist; such pages are not cached.
    """
    parts = ("courses", str(subject_id or "all"), str(number))
    return cached_in_namespace(
        CATALOGUE, parts, lambda: _course_page(subject_id, number), TIMEOUT
    )


def _course_page(subject_id: int | None, number: int) -> CoursePage:
    courses = Course.objects.for_catalogue()
    if subject_id is not None:
        courses = courses.filter(subject_id=subject_id)
    paginator = Paginator(courses, COURSES_PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise Http404(str(error)) from None
    return CoursePage(
        courses=[_course_row(course) for course in page.object_list],
        number=page.number,
        num_pages=paginator.num_pages,
        count=paginator.count,
    )


def _course_row(course: Course) -> dict:
    return {
        "id": course.pk,
        "title": course.title,
        "slug": course.slug,
        "overview": course.overview,
        "subject": {"title": course.subject.title, "slug": course.subject.slug},
        "instructor": course.owner.display_name,
        "module_count": course.module_count,
        "student_count": course.student_count,
    }


def rendered_contents(module_id: int) -> list[dict]:
    """The module's contents in order, as {id, order, kind, title, html}."""
    return rendered_contents_of([module_id])[module_id]


def rendered_contents_of(module_ids) -> dict[int, list[dict]]:
    """rendered_contents() for many modules: the missing ones built together.

    However many modules miss the cache, they cost one query for the contents
    and one per kind of item.
    """
    keys = {
        module_id: namespace_key(module_namespace(module_id), "contents")
        for module_id in module_ids
    }
    found = cache.get_many([key for key in keys.values() if key])
    result = {module_id: found.get(key) for module_id, key in keys.items()}
    missing = [module_id for module_id, value in result.items() if value is None]
    if missing:
        built = _rendered_contents(missing)
        result.update(built)
        cache.set_many(
            {
                keys[module_id]: built[module_id]
                for module_id in missing
                if keys[module_id]
            },
            TIMEOUT,
        )
    return result


def course_contents_for(user, course_id, build) -> bytes | None:
    """`build(course_id)`: an answer made of the whole course with every module's
    contents, if the course is open to `user` (CourseQuerySet.open_to); None if it
    is not, Http404 if there is no such course.

    The answer and the access decision are cached in the catalogue's namespace
    (enrolments, owners, deleted users and the course's rows retire it) and the
    course's (its contents): warm, a call is two round trips and no query.
    """
    course_id = parse_id(course_id)
    if course_id is None:
        raise Http404("No such course.")
    access_key, answer_key = namespace_keys(
        [CATALOGUE, course_namespace(course_id)],
        ("open-to", str(course_id), str(user.pk)),
        ("course-contents", str(course_id)),
    )
    found = cache.get_many([key for key in (access_key, answer_key) if key])
    is_open = found.get(access_key)
    if is_open is None:
        is_open = _is_open_to(course_id, user)
        if is_open is None:
            raise Http404("No such course.")
        if access_key:
            cache.set(access_key, is_open, ACCESS_TIMEOUT)
    if not is_open:
        return None
    answer = found.get(answer_key)
    if answer is None:
        answer = build(course_id)
        if answer_key:
            cache.set(answer_key, answer, TIMEOUT)
    return answer


def _is_open_to(course_id: int, user) -> bool | None:
    """Whether the course is open to `user`; None when there is no such course."""
    course = Course.objects.filter(pk=course_id).with_is_open_to(user)
    return course.values_list("is_open", flat=True).first()


def course_modules(course: Course) -> list[dict]:
    """The course's modules in order, as {id, title, description}."""
    return cached_in_namespace(
        CATALOGUE,
        ("modules", str(course.pk)),
        lambda: list(course.modules.values("id", "title", "description")),
        TIMEOUT,
    )


def _rendered_contents(module_ids: list[int]) -> dict[int, list[dict]]:
    rendered = {module_id: [] for module_id in module_ids}
    contents = Content.objects.filter(module_id__in=module_ids).with_items()
    for content in contents:
        if content.item is None:  # an item deleted behind the CMS's back
            continue
        rendered[content.module_id].append(
            {
                "id": content.pk,
                "order": content.order,
                "kind": content.item.kind,
                "title": content.item.title,
                "html": content.item.render(),
            }
        )
    return rendered
