"""GET /api/courses/<pk>/progress/ (issue 19): the progress page's rows for the
course's owner, paginated; anyone else's course a 404, anonymous a 401."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import InstructorFactory
from students.tests.progress_data import (
    api_url,
    attempt,
    contents,
    course_of,
    enrol,
    later,
    mark,
)

pytestmark = pytest.mark.django_db


def bearer(user) -> APIClient:
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def owner():
    return InstructorFactory()


@pytest.fixture
def course(owner):
    return course_of(owner, modules=2, texts=1, quizzes=2)


def test_the_owner_gets_each_students_progress_and_quiz_scores(owner, course):
    ada = enrol(course, username="ada")
    bob = enrol(course, username="bob")
    text, quiz1, _, quiz2 = contents(course)
    mark(ada, text, at=later(1))
    attempt(ada, quiz1.item, 30, at=later(2))
    attempt(ada, quiz1.item, 90, at=later(3))
    mark(ada, quiz1, at=later(3))

    response = bearer(owner).get(api_url(course))

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "student": {"id": ada.pk, "username": "ada"},
                "done": 2,
                "total": 4,
                "percent": 50,
                "last_activity": "2025-03-13T09:00:00Z",
                "quizzes": [
                    {
                        "id": quiz1.item.pk,
                        "title": "Quiz 1",
                        "best_score": 90,
                        "passed": True,
                    },
                    {
                        "id": quiz2.item.pk,
                        "title": "Quiz 2",
                        "best_score": None,
                        "passed": None,
                    },
                ],
            },
            {
                "student": {"id": bob.pk, "username": "bob"},
                "done": 0,
                "total": 4,
                "percent": 0,
                "last_activity": None,
                "quizzes": [
                    {
                        "id": quiz1.item.pk,
                        "title": "Quiz 1",
                        "best_score": None,
                        "passed": None,
                    },
                    {
                        "id": quiz2.item.pk,
                        "title": "Quiz 2",
                        "best_score": None,
                        "passed": None,
                    },
                ],
            },
        ],
    }


def test_a_failed_attempt_is_a_best_score_not_passed(owner, course):
    ada = enrol(course, username="ada")
    attempt(ada, contents(course)[1].item, 10)

    [row] = bearer(owner).get(api_url(course)).json()["results"]

    assert row["quizzes"][0] | {"id": 0} == {
        "id": 0,
        "title": "Quiz 1",
        "best_score": 10,
        "passed": False,
    }


def test_the_students_come_20_a_page_by_username(owner, course):
    for n in range(21):
        enrol(course, username=f"s{n:02}")
    client = bearer(owner)

    first = client.get(api_url(course)).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 21
    assert [r["student"]["username"] for r in first["results"]] == [
        f"s{n:02}" for n in range(20)
    ]
    assert [r["student"]["username"] for r in second["results"]] == ["s20"]
    assert second["next"] is None


def test_a_page_size_up_to_100_may_be_asked_for(owner, course):
    for n in range(3):
        enrol(course, username=f"s{n}")

    body = bearer(owner).get(api_url(course), {"page_size": 2}).json()

    assert len(body["results"]) == 2
    assert body["next"] is not None


@pytest.mark.parametrize("number", ["2", "0", "x", "١"])
def test_a_page_that_does_not_exist_is_a_json_404(owner, course, number):
    enrol(course)

    response = bearer(owner).get(api_url(course), {"page": number})

    assert response.status_code == 404
    assert "detail" in response.json()


def test_anonymous_clients_get_a_401(course):
    assert APIClient().get(api_url(course)).status_code == 401


def test_someone_elses_course_is_a_404(course):
    response = bearer(InstructorFactory()).get(api_url(course))

    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_courses_students_get_a_404(course):
    student = enrol(course)

    assert bearer(student).get(api_url(course)).status_code == 404


def test_writes_are_not_allowed(owner, course):
    assert bearer(owner).post(api_url(course), {}).status_code == 405


def test_titles_and_usernames_come_as_they_are(owner, course):
    enrol(course, username="<script>")

    [row] = bearer(owner).get(api_url(course)).json()["results"]

    assert row["student"]["username"] == "<script>"


def test_the_schema_describes_the_answer_as_a_page_of_students(client):
    schema = client.get("/api/schema/?format=json").json()

    operation = schema["paths"]["/api/courses/{id}/progress/"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    name = ok["$ref"].rsplit("/", 1)[-1]
    page = schema["components"]["schemas"][name]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    assert page["properties"]["results"]["items"]["$ref"].endswith("/StudentProgress")
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"page", "page_size"} <= parameters


def test_the_browsable_api_shows_the_progress_page(client, course, owner):
    enrol(course, username="ada")
    client.force_login(owner)

    response = client.get(api_url(course), headers={"accept": "text/html"})

    assert response.status_code == 200
    assert "ada" in response.content.decode()
