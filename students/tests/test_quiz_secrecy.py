"""Issue 18, point 4: before grading, nothing a student can reach tells a right
choice from a wrong one, neither in the module page's HTML nor in any cache
entry the page reads.

The test for both: twin quizzes, alike in every text and differing only in
which choice is right, each in a course of its own. Whatever told right from
wrong (an attribute, a class, an order, a flag in a cached value) would make
the twins' pages, or their cache entries, differ once their ids are set aside.
"""

import dataclasses
import pickle
import re

import pytest
from django.core.cache import caches
from django.db.models import Model, QuerySet
from django.urls import reverse

from courses.models import Choice, Question
from courses.tests.factories import CourseFactory, ModuleFactory, add_quiz
from educa import cache as educa_cache
from educa.cache import forget_recent

pytestmark = pytest.mark.django_db

TWINS = {
    # The right choice first in one, last in the other, of the same three; and
    # not as many right choices (a list of them would differ in length).
    "a": "Capital of France?\n* Paris\n- Lyon\n- Nice\n\n"
    "Warm colours?\n* Red\n- Blue\n* Orange",
    "b": "Capital of France?\n- Paris\n- Lyon\n* Nice\n\n"
    "Warm colours?\n* Red\n* Blue\n* Orange",
}
ORDER = ["Paris", "Lyon", "Nice", "Red", "Blue", "Orange"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def local_cache(settings):
    """The local-memory cache whatever the run's CACHES: every entry it holds
    can be read back (memcached cannot list its keys)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "quiz-secrecy",
        }
    }
    caches["default"].clear()
    forget_recent()


@pytest.fixture
def twins(student):
    """Each twin's module page address, the twins' courses alike but for ids."""
    owner = CourseFactory().owner
    urls = {}
    for twin, text in TWINS.items():
        course = CourseFactory(owner=owner, title="Geography", slug=f"geo-{len(urls)}")
        course.students.add(student)
        module = ModuleFactory(course=course, title="Capitals")
        add_quiz(module, text=text, title="Quick quiz")
        urls[twin] = reverse(
            "students:student_course_module", args=[course.pk, module.pk]
        )
    return urls


def without_ids(text: str) -> str:
    """`text` with every number (ids, revisions, dates) and CSRF token blanked."""
    return re.sub(r"[0-9]+", "#", CSRF.sub("", text))


def test_the_page_tells_no_right_choice_from_a_wrong_one(client, twins):
    pages = {twin: client.get(url).content.decode() for twin, url in twins.items()}

    for html in pages.values():
        shown = re.findall(r"> (\w+)</label>", html)
        assert shown == ORDER  # as written, whichever is right
        values = [int(value) for value in re.findall(r'value="([0-9]+)" form=', html)]
        assert values == sorted(values)  # the ids follow the written order too
    assert without_ids(pages["a"]) == without_ids(pages["b"])


def test_each_choice_is_written_alike_but_for_its_id_and_text(client, twins):
    html = client.get(twins["a"]).content.decode()

    choices = re.findall(r"<li><label>.*?</label></li>", html)
    # Each one's text and ids set aside, and the kind of question's input.
    shapes = {
        without_ids(re.sub(r"> \w+<", "><", choice)).replace("checkbox", "radio")
        for choice in choices
    }

    assert len(choices) == len(ORDER)
    assert len(shapes) == 1


def plain(value, models_seen: set):
    """`value` as plain data, down to every field of any model instance in it
    (whose repr would show only its title), noting their classes."""
    if isinstance(value, QuerySet):
        value = list(value._result_cache or [])
    if isinstance(value, Model):
        models_seen.add(type(value))
        fields = {k: v for k, v in vars(value).items() if k != "_state"}
        return {type(value).__name__: plain(fields, models_seen)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(vars(value), models_seen)
    if isinstance(value, dict):
        return {repr(k): plain(v, models_seen) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item, models_seen) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(plain(item, models_seen)) for item in value)
    if isinstance(value, str | bytes | int | float | bool | None):
        return value
    if hasattr(value, "__dict__"):
        return {type(value).__name__: plain(vars(value), models_seen)}
    return repr(value)


def cache_entries(models_seen: set) -> list[str]:
    """Every value in the local-memory cache and in this process's own copies
    (educa.cache) as plain text, but the sessions'."""
    store = caches["default"]._cache  # type: ignore[attr-defined]  # LocMemCache's
    values = [
        pickle.loads(raw)
        for key, raw in list(store.items())
        if "django.contrib.sessions" not in key
    ]
    values += [value for _, value in educa_cache._recent.entries.values()]
    return [repr(plain(value, models_seen)) for value in values]


def test_no_cache_entry_the_page_reads_tells_a_right_choice_from_a_wrong_one(
    client, local_cache, twins
):
    entries, models_seen = {}, set()
    for twin, url in twins.items():
        client.get(url)
        client.get(url)  # from the cache
        entries[twin] = sorted(without_ids(e) for e in cache_entries(models_seen))
        assert any("Paris" in entry for entry in entries[twin])  # the quiz is in
        caches["default"].clear()
        forget_recent()

    assert not models_seen & {Question, Choice}
    assert entries["a"] == entries["b"]
