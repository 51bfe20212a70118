"""The public catalogue: every course, by subject, and each course's overview."""

from django.http import Http404
from django.views.generic import DetailView, TemplateView

from courses import caching
from courses.models import Course


class CourseListView(TemplateView):
    """All courses, or one subject's (`subject` slug), a page at a time, cached."""

    template_name = "courses/course_list.html"

    def get_context_data(self, subject=None, **kwargs):
        subjects = caching.subjects()
        current = None
        if subject is not None:
            # From the cached subjects: an unknown slug costs no query either.
            current = next((s for s in subjects if s["slug"] == subject), None)
            if current is None:
                raise Http404("No such subject.")
        page = caching.course_page(
            subject_id=current and current["id"],
            number=page_number(self.request.GET.get("page")),
        )
        return super().get_context_data(
            subjects=subjects, subject=current, page=page, **kwargs
        )


def page_number(value: str | None) -> int:
    """?page= as a number from 1, else Http404 (as Django's ListView does)."""
    if value is None:
        return 1
    # The length first: int() refuses strings of over 4,300 digits.
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise Http404("No such page.")
    return int(value)


class CourseDetailView(DetailView):
    """A course's overview and modules, with what the visitor can do next."""

    template_name = "courses/course_detail.html"
    queryset = Course.objects.select_related("subject", "owner").with_counts()

    def get_context_data(self, **kwargs):
        user = self.request.user
        course = self.object
        return super().get_context_data(
            modules=course.modules.all(),
            enrolled=user.is_authenticated
            and course.students.filter(pk=user.pk).exists(),
            **kwargs,
        )
