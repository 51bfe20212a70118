"""A database that cannot be reached (a restart, a failover) is a 503 to retry."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def database_away(execute, sql, params, many, context):
    raise OperationalError("the database system is shutting down")


@pytest.fixture
def visitor():
    # As a server does: the exception reaches the error handlers, not the test.
    return Client(raise_request_exception=False)


def test_the_api_answers_a_json_503_with_retry_after(visitor):
    with connection.execute_wrapper(database_away):
        response = visitor.get("/api/courses/?page=1&fresh=1")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.json()["detail"]


def test_a_page_answers_an_html_503(visitor):
    with connection.execute_wrapper(database_away):
        response = visitor.get("/subject/no-such-subject/")

    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


def test_any_other_crash_is_still_a_500(visitor):
    def crash(execute, sql, params, many, context):
        raise ZeroDivisionError

    with connection.execute_wrapper(crash):
        response = visitor.get("/api/courses/?page=1&fresh=2")

    assert response.status_code == 500
