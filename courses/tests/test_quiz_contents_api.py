"""Quiz items in GET /api/courses/<pk>/contents/: their questions and choices,
and never, in the answer or in any cache entry, which choices are correct."""

import pickle
import re

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from courses.caching import rendered_contents_of
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    TextFactory,
    add_content,
    add_quiz,
    quiz_text,
)
from educa import cache as educa_cache

pytestmark = pytest.mark.django_db


def contents_url(course) -> str:
    return reverse("api:course-contents", args=[course.pk])


def enrolled_module(user, **fields):
    module = ModuleFactory(**fields)
    module.course.students.add(user)
    return module


def items(body) -> list[dict]:
    return [content["item"] for m in body["modules"] for content in m["contents"]]


def test_a_quiz_item_comes_with_its_questions_and_choices_in_order(
    auth_api_client,
):
    module = enrolled_module(auth_api_client.user)
    quiz = add_quiz(module, title="Arithmetic", pass_mark=75).item
    questions = list(quiz.questions.prefetch_related("choices"))

    body = auth_api_client.get(contents_url(module.course)).json()

    [item] = items(body)
    assert item == {
        "type": "quiz",
        "id": quiz.pk,
        "title": "Arithmetic",
        "rendered": item["rendered"],
        "pass_mark": 75,
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "multiple": question.multiple,
                "choices": [
                    {"id": choice.pk, "text": choice.text}
                    for choice in question.choices.all()
                ],
            }
            for question in questions
        ],
    }
    assert [q["text"] for q in item["questions"]] == [
        "What is 2 + 2?",
        "Which of these are prime?",
    ]
    assert [q["multiple"] for q in item["questions"]] == [False, True]
    assert [c["text"] for c in item["questions"][0]["choices"]] == ["3", "4", "5"]
    assert "What is 2 + 2?" in item["rendered"]


def test_other_items_keep_their_three_fields_beside_a_quiz(auth_api_client):
    module = enrolled_module(auth_api_client.user)
    add_content(module, TextFactory, title="Read me", content="Words.")
    add_quiz(module)

    text, quiz = items(auth_api_client.get(contents_url(module.course)).json())

    assert set(text) == {"type", "title", "rendered"}
    assert (text["type"], quiz["type"]) == ("text", "quiz")


def test_the_owner_reads_the_quiz_in_the_contents_too(api_client):
    module = ModuleFactory()
    quiz = add_quiz(module).item
    api_client.force_authenticate(module.course.owner)

    body = api_client.get(contents_url(module.course)).json()

    assert items(body)[0]["id"] == quiz.pk


# Secrecy: two quizzes alike but for which choices are right must read alike.

RIGHT_FIRST = """Capital of France?
* Paris
- Lyon
- Nice

Even numbers?
* 2
* 4
- 5
"""
RIGHT_LAST = """Capital of France?
- Paris
- Lyon
* Nice

Even numbers?
- 2
* 4
* 5
"""


def _by_position(value, ids: dict, kind: str = "quiz"):
    """`value` with every id replaced by the order in which the ids of its kind
    (quiz, questions, choices) first appear, and the numbers in texts blanked."""
    if isinstance(value, dict):
        return {
            key: ids.setdefault((kind, item), len(ids))
            if key == "id"
            else _by_position(item, ids, key)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_by_position(item, ids, kind) for item in value]
    if isinstance(value, str):
        # The rendered form names its quiz, questions and choices by id: its
        # numbers blanked, the twins' HTML must be the same.
        return re.sub(r"\d+", "#", value)
    return value


def _cache_values() -> list[bytes]:
    """Every value in the shared cache and in this process's own copies, pickled."""
    backend = caches["default"]
    assert isinstance(backend, LocMemCache)
    shared = list(backend._cache.values())
    recent = [
        pickle.dumps(value) for _expires, value in educa_cache._recent.entries.values()
    ]
    return shared + recent


@pytest.fixture
def local_cache(settings):
    """A local-memory cache whatever the run uses, so its entries can be read."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "quiz-secrecy",
        }
    }
    cache.clear()
    educa_cache.forget_recent()


def test_nothing_in_the_contents_tells_the_correct_choices_from_the_wrong_ones(
    auth_api_client, local_cache
):
    answers = {}
    for name, text in [("first", RIGHT_FIRST), ("last", RIGHT_LAST)]:
        module = enrolled_module(auth_api_client.user, title="Geography")
        add_quiz(module, text=text, title="Check", pass_mark=60)
        response = auth_api_client.get(contents_url(module.course))
        assert response.status_code == 200
        answers[name] = response

    first, last = (items(answers[n].json())[0] for n in ("first", "last"))
    # Same keys, same order, same texts, same attributes, ids in the same
    # pattern (the authoring order): nothing depends on which are right.
    assert _by_position(first, {}) == _by_position(last, {})
    for item in (first, last):
        for question in item["questions"]:
            assert all(set(choice) == {"id", "text"} for choice in question["choices"])
            ids = [choice["id"] for choice in question["choices"]]
            assert ids == sorted(ids)  # authoring order, whatever is right
    assert [c["text"] for c in first["questions"][0]["choices"]] == [
        "Paris",
        "Lyon",
        "Nice",
    ]
    for response in answers.values():
        assert b"correct" not in response.content
    # Every entry the two calls wrote: the answers as served, no model rows.
    values = _cache_values()
    assert values
    for value in values:
        assert b"correct" not in value
        assert b"courses.models" not in value
    cached_answers = [v for v in values if b'"questions"' in v]
    assert cached_answers  # the contents answers were cached, and checked above


def test_the_rendered_contents_every_student_page_caches_hold_no_correctness():
    rendered = {}
    for name, text in [("first", RIGHT_FIRST), ("last", RIGHT_LAST)]:
        module = ModuleFactory()
        add_quiz(module, text=text, title="Check", pass_mark=60)
        [entry] = rendered_contents_of([module.pk])[module.pk]
        rendered[name] = {key: entry[key] for key in ("kind", "html", "quiz")}

    assert _by_position(rendered["first"], {}) == _by_position(rendered["last"], {})
    assert b"correct" not in pickle.dumps(rendered)


# Queries


@pytest.mark.parametrize("questions", [2, 20])
def test_the_contents_with_a_quiz_run_the_same_queries_at_any_size(
    auth_api_client, questions, django_assert_num_queries
):
    course = CourseFactory()
    course.students.add(auth_api_client.user)
    for _ in range(3):
        add_quiz(ModuleFactory(course=course), text=quiz_text(questions))
    url = contents_url(course)

    # The token's user with the access check + the course with subject and
    # owner + its modules + every module's contents with their content types
    # + the quizzes (one query for the kind) + all their questions + all their
    # choices.
    with django_assert_num_queries(7):
        body = auth_api_client.get(url).json()
    # Warm: the token's user with the access check and the course's key; the
    # answer comes from the cache.
    with django_assert_num_queries(1):
        assert auth_api_client.get(url).json() == body

    assert [len(item["questions"]) for item in items(body)] == [questions] * 3
    assert all(
        len(question["choices"]) == 3
        for item in items(body)
        for question in item["questions"]
    )
