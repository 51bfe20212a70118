"""The public catalogue: every course, by subject, and each course's overview."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.views.generic import DetailView, TemplateView

from courses import caching
from courses.models import Course
from educa.parsing import parse_id


class VisitorPageCacheMixin:
    """Whole pages for plain visitors, cached in the catalogue's namespace.

    An anonymous visitor with nothing in their session and no message waiting sees
    the same page as every other such visitor, so the rendered HTML is shared
    (rendering was most of the cost of a cached catalogue page). Everyone else
    gets a page rendered for them.
    Whatever these pages show retires the namespace when it changes.
    """

    def get(self, request, *args, **kwargs):
        # Asking for the user also marks the response "Vary: Cookie", so that no
        # proxy hands a visitor's page to someone logged in.
        if not is_plain_visitor(request):
            return super().get(request, *args, **kwargs)
        html = caching.visitor_page(
            self.visitor_page_key(),
            lambda: (
                super(VisitorPageCacheMixin, self)
                .get(request, *args, **kwargs)
                .render()
                .content
            ),
        )
        return HttpResponse(html)

    def visitor_page_key(self) -> str:
        """What tells this page from the others: the path alone. Query strings
        change nothing here, and must not each take up an entry (nor each cost
        a render)."""
        return self.request.path


def is_plain_visitor(request) -> bool:
    """Anonymous, with an empty session and no message waiting.

    Judged from what the cookies really hold, not from their presence: a stale or
    made-up session key loads as an empty session (one lookup in the session
    cache, then one query when it misses, which asking for the user costs
    anyway), and a messages cookie with a bad signature holds no message.
    """
    return (
        not request.user.is_authenticated
        and not request.session.keys()
        # Counting the messages does not consume them: the page that shows them
        # is rendered for this request.
        and not len(messages.get_messages(request))
    )


class CourseListView(VisitorPageCacheMixin, TemplateView):
    """All courses, or one subject's (`subject` slug), a page at a time, cached."""

    template_name = "courses/course_list.html"

    def visitor_page_key(self) -> str:
        # The page as a number: `?page=01` is page 1, one entry; a bad one, 404.
        number = page_number(self.request.GET.get("page"))
        return f"{self.request.path}?page={number}"

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
    number = parse_id(value)
    if not number:  # not a number, or 0
        raise Http404("No such page.")
    return number


class CourseDetailView(VisitorPageCacheMixin, DetailView):
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
