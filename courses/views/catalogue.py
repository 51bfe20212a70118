"""The public catalogue: every course, by subject, and each course's overview."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.views.generic import DetailView, TemplateView

from courses import caching
from courses.forms import CourseSearchForm
from courses.models import Course
from educa.db import PreparedQuery
from educa.navigation import page_number


class VisitorPageCacheMixin:
    """Whole pages for plain visitors, cached (`visitor_page()`).

    An anonymous visitor with nothing in their session and no message waiting sees
    the same page as every other such visitor, so the rendered HTML is shared
    (rendering was most of the cost of a cached catalogue page). Everyone else
    gets a page rendered for them.
    """

    def get(self, request, *args, **kwargs):
        # Asking for the user also marks the response "Vary: Cookie", so that no
        # proxy hands a visitor's page to someone logged in.
        if not is_plain_visitor(request):
            return super().get(request, *args, **kwargs)  # type: ignore[misc]  # mixin: the view after it has get()
        return HttpResponse(
            self.visitor_page(
                lambda: (
                    super(VisitorPageCacheMixin, self)
                    .get(request, *args, **kwargs)  # type: ignore[misc]  # as above
                    .render()
                    .content
                )
            )
        )

    def visitor_page(self, render) -> bytes:
        raise NotImplementedError


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
    """All courses, or one subject's (`subject` slug), a page at a time, cached;
    or those matching a search (`?q=`), best first, not cached."""

    template_name = "courses/course_list.html"

    def get(self, request, *args, **kwargs):
        self.search = search_text(request.GET)
        return super().get(request, *args, **kwargs)

    def visitor_page(self, render) -> bytes:
        if self.search:
            # Any text makes a page: cached, they would push the real ones out.
            return render()
        # The page as a number: `?page=01` is page 1, one entry; a bad one, 404.
        # Nothing else of the query string: junk must not each take an entry.
        number = page_number(self.request.GET.get("page"))
        return caching.catalogue_entry(
            ("visitor-page", self.request.path, number), render
        )

    def get_context_data(self, subject=None, **kwargs):
        subjects = caching.subjects()
        current = None
        if subject is not None:
            # From the cached subjects: an unknown slug costs no query either.
            current = next((s for s in subjects if s["slug"] == subject), None)
            if current is None:
                raise Http404("No such subject.")
        page = caching.course_page(
            subject_id=current["id"] if current else None,
            number=page_number(self.request.GET.get("page")),
            search=self.search,
        )
        return super().get_context_data(
            subjects=subjects, subject=current, page=page, q=self.search, **kwargs
        )


def search_text(query) -> str:
    """The search of `query` (a QueryDict): `q` stripped, "" for none; else
    BadRequest (the 400 page) for too long a text or a NUL byte."""
    form = CourseSearchForm(query)
    if not form.is_valid():
        raise BadRequest("Invalid search.")
    return form.cleaned_data["q"]


COURSE_REVISION = PreparedQuery(
    lambda *, slug: Course.objects.filter(slug=slug).only("revision"), slug=str
)


class CourseDetailView(VisitorPageCacheMixin, DetailView):
    """A course's overview and modules, with what the visitor can do next."""

    template_name = "courses/course_detail.html"

    def visitor_page(self, render) -> bytes:
        # The course's key (courses.caching) costs one query on the slug's index.
        course = COURSE_REVISION.first(slug=self.kwargs["slug"])
        if course is None:
            raise Http404("No such course.")
        return caching.course_entry(course, ("visitor-page",), render)

    def get_queryset(self):
        courses = Course.objects.select_related("subject", "owner").with_counts()
        return courses.with_is_joined_by(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            modules=caching.course_modules(self.object),
            enrolled=self.object.is_joined,
            **kwargs,
        )
