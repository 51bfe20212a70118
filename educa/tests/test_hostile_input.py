"""Hostile input on every route (issue 14): JSON nested too deeply, and ids that
are not ASCII digits or are too large, get a 4xx; never a 500, never object 1.

The routes come from the URLconf and the operations from the OpenAPI schema, so
a new route or endpoint is covered without anyone adding it here.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse
from django.views.static import serve
from drf_spectacular.generators import SchemaGenerator

from accounts.models import User
from accounts.tests.factories import InstructorFactory
from courses.models import Content, Course, Module, Subject, Text
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    TextFactory,
)
from discussions.models import Comment, Post
from meals.models import Meal, Rating
from meals.tests.factories import MealFactory

# Every object a route can name has this id: were `١` read as 1, it would be found.
ID = 1

DEEP_JSON = {
    "1,000 arrays": "[" * 1000 + "]" * 1000,
    "1,000 objects": '{"a": ' * 1000 + "1" + "}" * 1000,
    "100,000 arrays": "[" * 100_000 + "]" * 100_000,
}
# A syntax error: every view that parses JSON says so, whatever else it does.
MALFORMED_JSON = '{"a": '
BODY_METHODS = ["post", "put", "patch"]

# Each one taken as 1 by int() or str.isdigit(), or beyond any id's range.
ODD_IDS = {
    "arabic-indic one": "\u0661",
    "superscript two": "\u00b2",
    "circled one": "\u2460",
    "full-width one": "\uff11",
    "underscored one": "0_1",
    "signed one": "+1",
    "spaced one": " 1",
    "20 digits": "9" * 20,
    "5,000 digits": "9" * 5000,
}
METHODS = ["get", "post", "put", "patch", "delete"]
SENTINEL = 987654321  # an id no object has, replaced in the path by an odd one


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, for reverse()
    parameters: tuple[str, ...]

    def __str__(self):
        return f"{self.name}({','.join(self.parameters)})"

    def path(self, values: dict) -> str:
        return reverse(self.name, kwargs={p: values[p] for p in self.parameters})

    @property
    def ids(self) -> list[str]:
        return [p for p in self.parameters if p in ("pk", "id") or p.endswith("_id")]


def _walk(patterns, namespaces=(), parameters=()):
    """(namespaces, name or None, parameter names, callback) of every URL pattern."""
    for entry in patterns:
        names = (*parameters, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, spaces, names)
        else:
            yield namespaces, entry.name, tuple(names), entry.callback


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))
ROUTES = sorted(
    {
        Route(":".join((*spaces, name)), params)
        for spaces, name, params, _ in ALL_PATTERNS
        if name
    },
    key=str,
)
# The admin is Django's: its pages read forms, never JSON, and its views would read
# ids with the model field's to_python(), which takes `١` as 1 (educa.admin).
ADMIN_ROUTES = [r for r in ROUTES if r.name.startswith("admin:")]
SITE_ROUTES = [r for r in ROUTES if r not in ADMIN_ROUTES]
ID_ROUTES = [r for r in SITE_ROUTES if r.ids]


def test_every_route_but_the_admins_and_media_has_a_name_so_these_sweeps_reach_it():
    # The admin's unnamed routes redirect; media files are served, never parsed.
    unnamed = [
        callback
        for spaces, name, _, callback in ALL_PATTERNS
        if name is None and spaces[:1] != ("admin",) and callback is not serve
    ]

    assert unnamed == []
    assert len(ID_ROUTES) >= 10  # the sweep below finds the routes with ids


@pytest.fixture
def values(client, db) -> dict:
    """An instructor and staff superuser, logged in, owning a course with a module
    and a text, and a meal they rated: every object with id ID. The values of
    every route parameter, naming those objects.
    """
    user = InstructorFactory(pk=ID, is_staff=True, is_superuser=True)
    subject = SubjectFactory(pk=ID)
    course = CourseFactory(pk=ID, owner=user, subject=subject)
    module = ModuleFactory(pk=ID, course=course)
    Content.objects.create(pk=ID, module=module, item=TextFactory(pk=ID, owner=user))
    Rating.objects.create(pk=ID, meal=MealFactory(pk=ID), user=user, stars=3)
    post = Post.objects.create(pk=ID, course=course, author=user, title="Q", body="?")
    Comment.objects.create(pk=ID, post=post, author=user, body="!")
    # PostgreSQL's sequences know nothing of ids given by hand: moved past them,
    # or a row a test adds takes id ID again, unless earlier tests in the same
    # database happened to use the sequence (the course form's test failed alone).
    models = [User, Subject, Course, Module, Content, Text, Meal, Rating, Post, Comment]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    client.force_login(user)
    return {
        **dict.fromkeys(
            [
                *("pk", "id", "object_id", "module_id", "content_id", "user_id"),
                *("post_id", "comment_id"),
            ],
            ID,
        ),
        "course_id": ID,
        "content_type_id": ContentType.objects.get_for_model(Course).pk,
        "slug": course.slug,
        "subject": subject.slug,
        "model_name": "text",
        "app_label": "courses",
        "uidb64": "MQ",
        "token": "set-password",
    }


def send(client, method, path, body: str):
    return client.generic(method.upper(), path, body, content_type="application/json")


def names_a_parse_error(response) -> bool:
    return (
        response.status_code == 400
        and response["Content-Type"].startswith("application/json")
        and "JSON parse error" in response.content.decode()
    )


# Deeply nested JSON


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_deep_json_is_a_parse_error_wherever_json_is_parsed(client, values, route):
    path = route.path(values)
    for method in BODY_METHODS:
        # First, while the objects are as the fixture made them.
        answers = {name: send(client, method, path, b) for name, b in DEEP_JSON.items()}
        if names_a_parse_error(send(client, method, path, MALFORMED_JSON)):
            for name, response in answers.items():
                assert names_a_parse_error(response), (method, name)
        else:  # a view that reads no JSON: whatever it answers, not a crash
            for name, response in answers.items():
                assert response.status_code < 500, (method, name)


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=str)
def test_deep_json_posted_to_the_admin_is_no_crash(client, values, route):
    response = send(client, "post", route.path(values), DEEP_JSON["1,000 objects"])

    assert response.status_code < 500


def test_every_api_operation_with_a_body_answers_deep_json_with_a_400(client, values):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        (method, path.replace("{id}", str(ID)))
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation
    ]
    wrong = []
    for method, path in operations:
        for name, body in DEEP_JSON.items():
            response = send(client, method, path, body)
            if not names_a_parse_error(response) or "detail" not in response.json():
                wrong.append((method, path, name, response.status_code))

    assert "{" not in "".join(path for _, path in operations)
    assert len(operations) >= 8  # the schema lists the writes
    assert wrong == []


@pytest.mark.parametrize("name", ["courses:module_order", "courses:content_order"])
@pytest.mark.parametrize("body", DEEP_JSON.values(), ids=DEEP_JSON.keys())
def test_the_cms_order_views_answer_deep_json_with_a_400(client, values, name, body):
    response = send(client, "post", reverse(name), body)

    assert response.status_code == 400
    assert response.json() == {"error": "JSON parse error - nested too deeply"}


# Ids


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
def test_an_id_not_of_ascii_digits_or_too_large_is_a_404(client, values, route):
    api = route.name.startswith("api:")
    for parameter in route.ids:
        for name, odd in ODD_IDS.items():
            path = route.path({**values, parameter: SENTINEL})
            path = path.replace(str(SENTINEL), quote(odd))
            for method in METHODS:
                response = send(client, method, path, '{"stars": 3}')
                # Huge ids of digits reach a route: a method it refuses is a 405.
                if response.status_code == 405:
                    real = send(client, method, route.path(values), "{}")
                    assert real.status_code == 405, (parameter, name, method)
                    continue
                assert response.status_code == 404, (parameter, name, method)
                if api:
                    assert "detail" in response.json(), (parameter, name, method)


@pytest.mark.parametrize("route", [r for r in ADMIN_ROUTES if r.ids], ids=str)
def test_the_admin_reads_ids_as_every_other_route(client, values, route):
    for parameter in route.ids:
        for name, odd in ODD_IDS.items():
            path = route.path({**values, parameter: SENTINEL})
            path = path.replace(str(SENTINEL), quote(odd))

            response = client.get(path)

            assert response.status_code == 404, (parameter, name)


@pytest.mark.parametrize("odd", ODD_IDS.values(), ids=ODD_IDS.keys())
def test_an_admin_bulk_action_on_an_odd_id_touches_nothing(client, values, odd):
    response = client.post(
        reverse("admin:meals_meal_changelist"),
        {"action": "delete_selected", "_selected_action": [odd]},
    )

    assert response.status_code == 404
    assert Meal.objects.filter(pk=ID).exists()


@pytest.mark.parametrize("odd", ODD_IDS.values(), ids=ODD_IDS.keys())
def test_enrolling_by_an_odd_course_id_enrols_in_nothing(client, values, odd):
    student = InstructorFactory(pk=ID + 1)
    client.force_login(student)

    response = client.post(reverse("students:student_enroll_course"), {"course": odd})

    assert response.status_code == 404
    assert not Course.objects.filter(students=student).exists()


@pytest.mark.parametrize("subject", [str(ID), *ODD_IDS.values()], ids=["1", *ODD_IDS])
def test_a_course_takes_its_subject_by_an_id_of_ascii_digits_only(
    client, values, subject
):
    fields = {"subject": subject, "title": "New", "slug": "new", "overview": "x"}

    response = client.post(reverse("courses:course_create"), fields)

    created = Course.objects.filter(slug="new").exists()
    if subject == str(ID):
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["subject"]
        assert not created


@pytest.mark.parametrize("odd", ODD_IDS.values(), ids=ODD_IDS.keys())
@pytest.mark.parametrize("path", ["/", "/api/meals/", "/api/courses/"])
def test_an_odd_page_number_is_a_404(client, values, path, odd):
    response = client.get(path, {"page": odd})

    assert response.status_code == 404


@pytest.mark.parametrize("odd", ODD_IDS.values(), ids=ODD_IDS.keys())
def test_reordering_by_an_odd_module_id_is_a_400(client, values, odd):
    response = send(client, "post", reverse("courses:module_order"), f'{{"{odd}": 5}}')

    assert response.status_code == 400
    assert Module.objects.get(pk=ID).order == 0
