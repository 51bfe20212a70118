"""Schemathesis against the live OpenAPI schema: every operation, fuzzed over HTTP.

The schema comes from `/api/schema/` of a `live_server` (real HTTP, transactional
database), and every operation in it gets generated requests: the schema's examples,
schemathesis' coverage probes and Hypothesis fuzzing (20 examples, derandomized),
with valid and invalid data, and hostile values (NUL bytes, 64-bit overflows...)
mixed in.
The run is repeated for three callers: anonymous; a student enrolled in a course,
with ratings of their own; and a staff user with the meal model permissions, so
that the meal writes succeed too. Both logged-in callers also own a course, so
every discussion operation is called with a student's rights (on the enrolled
course's board) and an owner's (on their own course's board, moderating others'
posts and comments), and the progress of their course's students is theirs to read.

Every request of a caller carries a freshly minted bearer token of theirs (logout
and token rotation revoke refresh tokens only, but a new access token per request
keeps the run independent of whatever an earlier request revoked). Every response
must pass: no 5xx, a documented status code, a body that matches the schema for
that status code, the documented content type, and a JSON body for every 4xx.

Generated ids and tokens almost never exist, so every other valid request is given a
real id (or the caller's credentials, a fresh refresh token...) from the seeded data
instead: the success paths get exercised as well as the failure ones, and a caller
who never gets a single 2xx from an operation fails the run.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from courses.models import Course
from courses.services import enrollment_create
from courses.tests.factories import (
    ITEM_FACTORIES,
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    add_content,
    add_quiz,
)
from discussions.tests.factories import CommentFactory, PostFactory
from meals.tests.factories import MealFactory, rate

SCHEMA_URL = "/api/schema/?format=json"

# Every operation of the REST API section of the contract.
CONTRACT_OPERATIONS = {
    "POST /api/auth/register/",
    "POST /api/auth/token/",
    "POST /api/auth/token/refresh/",
    "POST /api/auth/token/verify/",
    "POST /api/auth/logout/",
    "GET /api/auth/me/",
    "PATCH /api/auth/me/",
    "POST /api/auth/password/reset/",
    "POST /api/auth/password/reset/confirm/",
    "POST /api/auth/password/change/",
    "GET /api/meals/",
    "POST /api/meals/",
    "GET /api/meals/{id}/",
    "PUT /api/meals/{id}/",
    "PATCH /api/meals/{id}/",
    "DELETE /api/meals/{id}/",
    "POST /api/meals/{id}/rate_meal/",
    "DELETE /api/meals/{id}/rate_meal/",
    "GET /api/ratings/",
    "GET /api/subjects/",
    "GET /api/subjects/{id}/",
    "GET /api/courses/",
    "GET /api/courses/{id}/",
    "POST /api/courses/{id}/enroll/",
    "DELETE /api/courses/{id}/enroll/",
    "GET /api/courses/{id}/contents/",
    "GET /api/courses/{id}/progress/",
    "POST /api/quizzes/{id}/attempts/",
    "GET /api/quizzes/{id}/attempts/",
    "GET /api/courses/{id}/posts/",
    "POST /api/courses/{id}/posts/",
    "GET /api/posts/{id}/",
    "PATCH /api/posts/{id}/",
    "DELETE /api/posts/{id}/",
    "POST /api/posts/{id}/like/",
    "DELETE /api/posts/{id}/like/",
    "GET /api/posts/{id}/comments/",
    "POST /api/posts/{id}/comments/",
    "PATCH /api/comments/{id}/",
    "DELETE /api/comments/{id}/",
}

# Operations a student may call and never succeed at: staff only.
STAFF_ONLY = {
    "POST /api/meals/",
    "PUT /api/meals/{id}/",
    "PATCH /api/meals/{id}/",
    "DELETE /api/meals/{id}/",
}


def client_errors_are_json(ctx, response, case):
    """Every 4xx (bar a HEAD's, which has no body) says what went wrong in JSON."""
    if not 400 <= response.status_code < 500 or case.method.upper() == "HEAD":
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered with {content_type!r}, not JSON"
    )
    response.json()  # and it parses
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    client_errors_are_json,
]


@dataclass
class World:
    """The seeded data, and who calls."""

    caller: User | None  # None: anonymous
    account: User  # whose credentials the token endpoints get
    ids: dict[str, list[int]]
    # The seeded quiz's right answers, {"<question id>": [<choice id>, ...]},
    # and its course (in courses[0]).
    quiz_answers: dict[str, list[int]] = field(default_factory=dict)
    quiz_course: Course | None = None
    turns: dict = field(default_factory=lambda: defaultdict(itertools.count))
    called: set[str] = field(default_factory=set)
    successes: set[str] = field(default_factory=set)

    def headers(self) -> dict[str, str]:
        if self.caller is None:
            return {}
        # A password change or reset during the run retires the tokens made
        # with the old password (and a PATCH of me the reset tokens): fresh ones.
        self.caller.refresh_from_db()
        return {"Authorization": f"Bearer {AccessToken.for_user(self.caller)}"}

    def use_real_data(self, case) -> None:
        """Every other valid request: a real id, credential or token instead."""
        meta = case.meta
        if meta is not None and not meta.generation.mode.is_positive:
            return
        turn = next(self.turns[case.operation.label])
        if turn % 2:
            return
        ids = self.ids.get(case.operation.label) or self.ids.get(case.path)
        if ids and "id" in case.path_parameters:
            real_id = ids[(turn // 2) % len(ids)]
            case.path_parameters = {**case.path_parameters, "id": real_id}
        label = case.operation.label
        if label == "POST /api/quizzes/{id}/attempts/" or is_discussion(label):
            # Fuzzed enrolment calls may have taken the caller out of the course.
            enrollment_create(student=self.account, course=self.quiz_course)
        if not isinstance(case.body, dict):
            return
        account, label = self.account, case.operation.label
        account.refresh_from_db()
        if label == "POST /api/auth/register/":
            name = f"newcomer{turn}"
            case.body = {
                "username": name,
                "email": f"{name}@example.com",
                "password": PASSWORD,
            }
        elif label in ("POST /api/meals/", "PUT /api/meals/{id}/"):
            case.body = {"title": f"{case.method} meal {turn}", "description": "Tasty."}
        elif label == "POST /api/auth/token/":
            case.body = {"username": account.username, "password": PASSWORD}
        elif label in ("POST /api/auth/token/refresh/", "POST /api/auth/logout/"):
            case.body = {"refresh": str(RefreshToken.for_user(account))}
        elif label == "POST /api/auth/token/verify/":
            case.body = {"token": str(AccessToken.for_user(account))}
        elif label == "POST /api/auth/password/reset/":
            case.body = {"email": account.email}
        elif label == "POST /api/auth/password/reset/confirm/":
            case.body = {
                "uid": urlsafe_base64_encode(force_bytes(account.pk)),
                "token": default_token_generator.make_token(account),
                "new_password": PASSWORD,
            }
        elif label == "POST /api/auth/password/change/":
            case.body = {"old_password": PASSWORD, "new_password": PASSWORD}
        elif label == "POST /api/quizzes/{id}/attempts/":
            case.body = {"answers": self.quiz_answers}
        elif label in ("POST /api/courses/{id}/posts/", "PATCH /api/posts/{id}/"):
            case.body = {"title": f"Post {turn}", "body": "Plain <b>text</b>."}
        elif label in ("POST /api/posts/{id}/comments/", "PATCH /api/comments/{id}/"):
            case.body = {"body": f"Comment {turn}"}


def seed(caller: User | None) -> World:
    account = caller or UserFactory()
    subjects = [SubjectFactory() for _ in range(3)]
    courses = [CourseFactory(subject=subjects[n % 3]) for n in range(3)]
    # The caller's own course (no contents): its board is theirs to moderate.
    courses.append(CourseFactory(subject=subjects[0], owner=account))
    for course in courses[:2]:
        for _ in range(2):
            module = ModuleFactory(course=course)
            for factory in ITEM_FACTORIES:
                add_content(module, factory)
    enrollment_create(student=account, course=courses[0])
    # A quiz the caller may take as often as they like, and one they may not
    # (not enrolled): 201 and 403.
    quiz = add_quiz(ModuleFactory(course=courses[0])).item
    closed_quiz = add_quiz(ModuleFactory(course=courses[2])).item
    right_answers = {
        str(question.pk): [c.pk for c in question.choices.all() if c.correct]
        for question in quiz.questions.prefetch_related("choices")
    }
    # Rated and unrated meals to rate and unrate; the ratings of the others are
    # left alone (unrating would delete them), for /api/ratings/{id}/.
    to_rate = [MealFactory() for _ in range(4)]
    for meal, stars in zip(to_rate[:3], [5, 3, 1], strict=True):
        rate(meal, stars, account)
    kept = [MealFactory() for _ in range(2)]
    ratings = [rate(kept[0], 4, account), rate(kept[1], 2, account)]
    theirs = rate(kept[0], 2)
    # Only these get deleted, so the others stay for the rest of the run.
    disposable = [MealFactory() for _ in range(4)]
    meal_ids = [meal.pk for meal in to_rate + kept]
    discussion_ids = seed_discussions(account, courses)
    course_ids = [course.pk for course in courses]
    return World(
        caller=caller,
        account=account,
        ids={
            "/api/meals/{id}/": meal_ids,
            "DELETE /api/meals/{id}/": [meal.pk for meal in disposable],
            "/api/meals/{id}/rate_meal/": [meal.pk for meal in to_rate],
            "/api/ratings/{id}/": [rating.pk for rating in [*ratings, theirs]],
            "/api/subjects/{id}/": [subject.pk for subject in subjects],
            "/api/courses/{id}/": course_ids,
            "/api/courses/{id}/enroll/": course_ids,
            # Enrolled, and not: 200 and 403.
            "/api/courses/{id}/contents/": [courses[0].pk, courses[1].pk],
            # Their own course (a student in it), and one they study: 200 and 404.
            "/api/courses/{id}/progress/": [courses[3].pk, courses[0].pk],
            "/api/quizzes/{id}/attempts/": [quiz.pk, closed_quiz.pk],
            **discussion_ids,
        },
        quiz_answers=right_answers,
        quiz_course=courses[0],
    )


def is_discussion(label: str) -> bool:
    return "/posts/" in label or "/api/comments/" in label


def seed_discussions(account: User, courses: list[Course]) -> dict[str, list[int]]:
    """Posts and comments on the board of the course the caller studies
    (courses[0]), of the one they own (courses[3]) and of one closed to them
    (courses[1]): the ids each discussion operation is given, so that each
    succeeds (200/201/204) and is refused (403) in turn."""
    student_course, closed, owned = courses[0], courses[1], courses[3]
    other = UserFactory()
    enrollment_create(student=other, course=student_course)
    enrollment_create(student=other, course=owned)

    def posts(course, author, n=2):
        return [PostFactory(course=course, author=author) for _ in range(n)]

    readable = posts(student_course, other) + posts(owned, other)
    mine = posts(student_course, account) + posts(owned, account)
    closed_post = PostFactory(course=closed)
    # Deleted during the run (the author's, and others' the owner moderates).
    disposable = posts(student_course, account, 6) + posts(owned, other, 6)
    comments = [CommentFactory(post=post, author=account) for post in readable]
    theirs = CommentFactory(post=readable[0], author=other)
    disposable_comments = [
        CommentFactory(post=post, author=author)
        for post in readable
        for author in (account, account, other)
        if author == account or post.course == owned
    ]
    return {
        "/api/courses/{id}/posts/": [student_course.pk, owned.pk, closed.pk],
        "/api/posts/{id}/": [p.pk for p in readable + mine] + [closed_post.pk],
        "PATCH /api/posts/{id}/": [p.pk for p in mine] + [readable[0].pk],
        "DELETE /api/posts/{id}/": [p.pk for p in disposable] + [readable[0].pk],
        "/api/posts/{id}/like/": [p.pk for p in readable] + [closed_post.pk],
        "/api/posts/{id}/comments/": [p.pk for p in readable] + [closed_post.pk],
        "PATCH /api/comments/{id}/": [c.pk for c in comments] + [theirs.pk],
        "DELETE /api/comments/{id}/": [c.pk for c in disposable_comments] + [theirs.pk],
    }


@pytest.fixture(params=["anonymous", "student", "staff"])
def world(request, transactional_db):
    caller = None
    if request.param != "anonymous":
        caller = UserFactory(is_staff=request.param == "staff")
    if request.param == "staff":
        caller.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="meals",
                codename__in=["add_meal", "change_meal", "delete_meal"],
            )
        )
    world = seed(caller)
    yield world
    if caller is not None:
        expected = world.called if caller.is_staff else world.called - STAFF_ONLY
        never = sorted(expected - world.successes)
        assert not never, f"{request.param} never got a 2xx from: {never}"


# Mixed into the generated strings and integers: values that break databases and
# parsers more often than random ones do (PostgreSQL refuses NUL bytes; an id or
# a page size past 64 bits overflows its column).
HOSTILE_STRINGS = ["a\x00b", "\x00", "%00", "' OR 1=1 --", "..", "\u202e", "9" * 30]
HOSTILE_INTEGERS = [0, -1, 2**31, 2**63, 10**30]


@pytest.fixture
def _generous_auth_throttle(monkeypatch):
    # DRF binds the rates to the throttle class when it is imported, so changing
    # settings.REST_FRAMEWORK now would not reach it.
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "auth": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def _generous_discussion_throttle(settings):
    settings.DISCUSSION_THROTTLE_RATE = "100000/min"


@pytest.fixture
def api_schema(
    live_server, world, _generous_auth_throttle, _generous_discussion_throttle
):
    config = schemathesis.Config.from_dict(
        {
            "dictionaries": {
                "hostile-strings": {"values": HOSTILE_STRINGS},
                "hostile-integers": {"values": HOSTILE_INTEGERS},
            },
            "generation": {
                # The bearer token is ours to send (World.headers), not generated.
                "with-security-parameters": False,
                "dictionaries": {
                    "string": {"dictionary": "hostile-strings", "probability": 0.2},
                    "integer": {"dictionary": "hostile-integers", "probability": 0.2},
                },
            },
        }
    )
    return schemathesis.openapi.from_url(live_server.url + SCHEMA_URL, config=config)


@pytest.fixture(autouse=True)
def _nodeid_for_schemathesis(request):
    # schemathesis 4.32's lazy schemas read and rewrite `item._nodeid`, which pytest
    # 9.2 no longer has (it keeps `_id`): give them a plain attribute to use.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.fuzz
@hypothesis.settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
        hypothesis.HealthCheck.data_too_large,
    ],
)
@schema.parametrize()
def test_every_operation_answers_as_the_schema_says(case, world, live_server):
    world.use_real_data(case)
    world.called.add(case.operation.label)
    headers = world.headers()
    response = case.call(base_url=live_server.url, headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    asked_as_documented = case.method.upper() == case.operation.method.upper()
    if asked_as_documented and 200 <= response.status_code < 300:
        world.successes.add(case.operation.label)


def documented_operations(client) -> dict[str, set[str]]:
    """{"METHOD /path/": the response codes documented for it, as in the schema}."""
    paths = client.get(SCHEMA_URL).json()["paths"]
    return {
        f"{method.upper()} {path}": set(operation["responses"])
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method != "parameters"
    }


def test_the_schema_describes_every_operation_of_the_contract(client, db):
    documented = documented_operations(client)

    assert set(documented) >= CONTRACT_OPERATIONS
