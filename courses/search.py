"""Catalogue search: the courses whose title, overview, module titles or
instructor (first name, last name, username) match every word of a query.

On PostgreSQL, full-text search with the stemmed English configuration over a
stored, weighted `Course.search_vector` (GIN index `courses_course_search`, made
by migration 0008): title A, module titles and instructor B, overview C; best
matches first. The vector reads three tables (courses, modules, users), which
no expression index can do, hence a column kept current by
`course_search_vectors_update()` in each write's own transaction. Elsewhere
(SQLite), every word must be contained in one of the same fields, in the
catalogue's order; the column stays NULL there.

What a user gets, on either database: case ignored in every script ("ÉLÉMENTS"
finds "Éléments"; SQLite through educa.db.Casefold). On PostgreSQL, whole words
once stemmed: "courses" finds "course", but "pyth" does not find "Python"; the
very common words ("the", "of": the configuration's stop words) are left out of
a query, and a query of nothing else matches nothing, which the catalogue page
explains (only_common_words) instead of "No course matches". On SQLite (for
development), any part of a word matches, common words included: "pyth" finds
Python, "the" finds Mathematics.
"""

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models.functions import Concat

from courses.models import Module

# What a query may be, in characters once stripped (CONTRACT: over 200 is 400).
SEARCH_MAX_LENGTH = 200
SEARCH_CONFIG = "english"
# The GIN index on Course.search_vector (PostgreSQL only: migration 0008).
SEARCH_INDEX = "courses_course_search"


def full_text() -> bool:
    """Whether the database searches by full text (PostgreSQL), else containment."""
    return connection.vendor == "postgresql"


def only_common_words(text: str) -> bool:
    """Whether full text leaves nothing of `text` (a validated query) to search:
    only stop words ("the", "of"), which the English configuration drops, so
    that it matches no course. Always False elsewhere, where every word is
    searched (and "the" is contained in "mathematics"). One query; asked only
    of a search that matched nothing, to say why."""
    if not full_text():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(plainto_tsquery(%s::regconfig, %s)) = 0",
            [SEARCH_CONFIG, text],
        )
        return cursor.fetchone()[0]


def search_vector():
    """The vector of the course row it is evaluated on: correlated subqueries for
    the modules' titles and the owner's names, so one UPDATE can set it."""
    titles = (
        Module.objects.filter(course=models.OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(titles=StringAgg("title", delimiter=" ", order_by=("order", "pk")))
        .values("titles")
    )
    owner = (
        get_user_model()
        .objects.filter(pk=models.OuterRef("owner_id"))
        .annotate(
            names=Concat(
                "first_name",
                models.Value(" "),
                "last_name",
                models.Value(" "),
                "username",
                output_field=models.TextField(),
            )
        )
        .values("names")
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(models.Subquery(titles), weight="B", config=SEARCH_CONFIG)
        + SearchVector(models.Subquery(owner), weight="B", config=SEARCH_CONFIG)
        + SearchVector("overview", weight="C", config=SEARCH_CONFIG)
    )


def course_search_vectors_update(courses) -> int:
    """Recompute the search vector of `courses` (a Course queryset) from their
    current rows: they are locked, then updated in one UPDATE; returns how
    many. Nothing to do (no query) off PostgreSQL. Called, in the write's
    transaction, after any change to a course's title, overview or owner, its
    modules, or its owner's names (courses.signals); bulk writers call it
    themselves (seed_bench)."""
    if not full_text():
        return 0
    with transaction.atomic(savepoint=False):  # the write's own, if it has one
        # Locked first, by a statement of their own: an UPDATE that waits for a
        # course row another transaction holds goes on, once it commits, with
        # the snapshot it started with (READ COMMITTED), in which that
        # transaction's module titles are still the old ones. The UPDATE after
        # the lock starts afresh and reads them.
        list(courses.select_for_update().order_by("pk").values_list("pk"))
        return courses.order_by().update(search_vector=search_vector())
