from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains

from educa.db import Casefold


def count_of(queryset) -> Coalesce:
    """The number of rows of a correlated `queryset` (filtered on an OuterRef).

    A subquery rather than Count() over joins: two joined counts multiply each
    other's rows (modules x students), and this never does.
    """
    counted = queryset.order_by().annotate(
        n=models.Func(models.F("pk"), function="COUNT")
    )
    return Coalesce(models.Subquery(counted.values("n")), 0)


class SubjectQuerySet(models.QuerySet):
    def with_course_count(self):
        """Subjects annotated with `total_courses`."""
        from courses.models import Course

        courses = Course.objects.filter(subject=models.OuterRef("pk"))
        return self.annotate(total_courses=count_of(courses))


class CourseQuerySet(models.QuerySet):
    def only(self, *fields):
        # CourseManager defers the vector: naming it here must still load it.
        if "search_vector" in fields:
            return super(CourseQuerySet, self.defer(None)).only(*fields)
        return super().only(*fields)

    def owned_by(self, user):
        return self.filter(owner=user)

    def joined_by(self, user):
        return self.filter(students=user)

    def open_to(self, user):
        """The courses whose contents `user` may study: enrolled in, or their own.

        The one rule for the student pages and the API alike.
        """
        from courses.models import Course

        if not user.is_authenticated:
            return self.none()
        enrolled = Course.students.through.objects.filter(user=user)
        return self.filter(
            models.Q(owner=user) | models.Q(pk__in=enrolled.values("course_id"))
        )

    def with_is_open_to(self, user):
        """Courses annotated `is_open`: whether open_to(user) holds (to tell a
        course that is closed to the user, 403, from one that does not exist)."""
        from courses.models import Course

        open_to = Course.objects.open_to(user).filter(pk=models.OuterRef("pk"))
        return self.annotate(is_open=models.Exists(open_to))

    def with_is_joined_by(self, user):
        """Courses annotated `is_joined`: whether `user` is one of their students."""
        from courses.models import Course

        if not user.is_authenticated:
            return self.annotate(is_joined=models.Value(False))
        joined = Course.students.through.objects.filter(
            course=models.OuterRef("pk"), user=user
        )
        return self.annotate(is_joined=models.Exists(joined))

    def with_counts(self):
        """Courses annotated with `module_count` and `student_count`."""
        from courses.models import Course, Module

        modules = Module.objects.filter(course=models.OuterRef("pk"))
        students = Course.students.through.objects.filter(course=models.OuterRef("pk"))
        return self.annotate(
            module_count=count_of(modules), student_count=count_of(students)
        )

    def for_catalogue(self):
        """Course rows for the catalogue: subject, instructor and module count
        (no list shows a student count: docs/caching.md)."""
        from courses.models import Module

        modules = Module.objects.filter(course=models.OuterRef("pk"))
        return self.select_related("subject", "owner").annotate(
            module_count=count_of(modules)
        )

    def search(self, text: str):
        """The courses matching every word of `text` in their title, overview,
        module titles or instructor's names (courses.search), best matches first
        on PostgreSQL, else in this queryset's order. `text` is a validated
        query: stripped, not blank, at most SEARCH_MAX_LENGTH characters."""
        from courses.models import Module
        from courses.search import SEARCH_CONFIG, full_text

        if full_text():
            # "plain": the words are ANDed, and operators are mere text.
            query = SearchQuery(text, search_type="plain", config=SEARCH_CONFIG)
            rank = SearchRank(models.F("search_vector"), query)
            order = self.query.order_by or self.model._meta.ordering
            return (
                self.filter(search_vector=query)
                .annotate(rank=rank)
                .order_by("-rank", *order)
            )
        # Case folded on both sides, in every script (SQLite's LIKE folds ASCII
        # only). `contains` escapes a word's % _ and \ (LIKE ... ESCAPE).
        courses = self
        for word in dict.fromkeys(text.casefold().split()):  # each word once
            in_modules = Module.objects.filter(
                Contains(Casefold("title"), word), course=models.OuterRef("pk")
            )
            courses = courses.filter(
                Contains(Casefold("title"), word)
                | Contains(Casefold("overview"), word)
                | Contains(Casefold("owner__first_name"), word)
                | Contains(Casefold("owner__last_name"), word)
                | Contains(Casefold("owner__username"), word)
                | models.Exists(in_modules)
            )
        return courses

    def for_manage_list(self):
        """Course rows for the instructor's list: subject, counts, and the
        modules' titles for their links (one more query for every course)."""
        modules = self.model._meta.apps.get_model("courses", "Module").objects
        titles = modules.only("id", "course_id", "title", "order")
        return (
            self.select_related("subject")
            .with_counts()
            .prefetch_related(models.Prefetch("modules", titles))
        )


# A base of its own: the form django-stubs reads.
_CourseManagerBase = models.Manager.from_queryset(CourseQuerySet)


class CourseManager(_CourseManagerBase):
    """Course.objects (and the related managers, e.g. user.courses_joined): the
    search vector deferred, as searching reads it in SQL and nothing shows it
    (about 1 KB a course on PostgreSQL, parsed into a Python str for nothing).

    Not covered: a select_related() from another model, which reads the related
    columns without this manager; such queries defer `course__search_vector`
    themselves. `values()` selects what it names, and `only()` too.
    """

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


def place_among(queryset, siblings: str):
    """`queryset` annotated with each row's place among the rows of the same
    `siblings` (a field), from 1, in order: what the site's lists number. Not
    `order` + 1: orders keep their gaps after a deletion."""
    model = queryset.model
    before = model._default_manager.filter(
        models.Q(order__lt=models.OuterRef("order"))
        | models.Q(order=models.OuterRef("order"), pk__lt=models.OuterRef("pk")),
        **{siblings: models.OuterRef(siblings)},
    )
    return queryset.annotate(place=count_of(before) + 1)


class ModuleQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(course__owner=user)


class ContentQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(module__course__owner=user)

    def open_to(self, user):
        """The contents of the courses `user` may study (CourseQuerySet.open_to)."""
        from courses.models import Course

        return self.filter(module__course__in=Course.objects.open_to(user))

    def with_items(self):
        """Contents with their items: one query per kind, not one per content."""
        return self.select_related("content_type").prefetch_related("item")
