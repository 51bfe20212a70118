"""The owner's view of a course's students (issue 19): the progress page and
its CSV. Scoped to the caller's own courses in the query: anyone else's course
is a 404 (students.course_progress holds the queries)."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from educa.navigation import page_after_removal, page_or_404
from students.course_progress import (
    DEFAULT_SORT,
    chart,
    course_quizzes,
    course_students,
    module_finishes,
    owned_course,
    progress_csv,
    progress_rows,
    sort_key,
)

STUDENTS_PER_PAGE = 50

# The sortable columns: the key each sorts by when first clicked. Name starts
# ascending; progress and activity descending (most done, most recent first):
# what an instructor looks for first.
SORT_COLUMNS = {"name": "name", "percent": "-percent", "activity": "-activity"}


def progress_url(course_id: int, *, sort: str = DEFAULT_SORT, page: int = 1, **more):
    """The progress page's address, with only what differs from the defaults."""
    query = {"sort": sort} if sort != DEFAULT_SORT else {}
    if page > 1:
        query["page"] = str(page)
    query.update(more)
    url = reverse("instructor:course_progress", args=[course_id])
    return f"{url}?{urlencode(query)}" if query else url


def sort_links(course_id: int, sort: str) -> dict:
    """Each sortable column's link (the other direction when it is the
    current one) and its aria-sort value ("none" when not sorted by it)."""
    links = {}
    for column, first in SORT_COLUMNS.items():
        current = sort.lstrip("-") == column
        if current:
            target = sort[1:] if sort.startswith("-") else f"-{sort}"
            state = "descending" if sort.startswith("-") else "ascending"
        else:
            target, state = first, "none"
        links[column] = {"url": progress_url(course_id, sort=target), "aria": state}
    return links


class CourseProgressView(LoginRequiredMixin, TemplateView):
    """Every student of one of the caller's courses: contents done, best quiz
    scores, last activity, 50 a page; how many finished each module; the same
    rows as CSV with ?format=csv."""

    template_name = "courses/manage/course_progress.html"

    def get(self, request, *args, **kwargs):
        self.course = owned_course(request.user, kwargs["pk"])
        output = request.GET.get("format", "html")
        if output not in ("html", "csv"):
            raise BadRequest("Unknown format: ask for html or csv.")
        self.sort = sort_key(request.GET.get("sort"))
        if output == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def csv_response(self) -> HttpResponse:
        quizzes = course_quizzes(self.course)
        rows = progress_rows(
            course_students(self.course, sort=self.sort),
            course=self.course,
            quizzes=quizzes,
        )
        response = HttpResponse(
            progress_csv(rows, quizzes=quizzes), content_type="text/csv; charset=utf-8"
        )
        # A slug is ASCII letters, digits, - and _: nothing to quote.
        filename = f"{self.course.slug}-progress.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        course, sort = self.course, self.sort
        page = page_or_404(
            self.request, course_students(course, sort=sort), STUDENTS_PER_PAGE
        )
        quizzes = course_quizzes(course)
        rows = progress_rows(page.object_list, course=course, quizzes=quizzes)
        back = page_after_removal(page)
        return super().get_context_data(
            course=course,
            page=page,
            rows=rows,
            quizzes=quizzes,
            chart=chart(module_finishes(course), students=page.paginator.count),
            sort=sort,
            sort_links=sort_links(course.pk, sort),
            back_url=progress_url(course.pk, sort=sort, page=back),
            csv_url=progress_url(course.pk, sort=sort, format="csv"),
            previous_url=page.has_previous()
            and progress_url(course.pk, sort=sort, page=page.number - 1),
            next_url=page.has_next()
            and progress_url(course.pk, sort=sort, page=page.number + 1),
            **kwargs,
        )
