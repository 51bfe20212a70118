import pytest
from django.core.exceptions import ValidationError

from educa.api.exceptions import exception_handler


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (ValidationError({"email": ["Taken."]}), {"email": ["Taken."]}),
        (ValidationError("Clash."), {"non_field_errors": ["Clash."]}),
        (
            ValidationError({"__all__": ["Clash."], "title": ["Blank."]}),
            {"non_field_errors": ["Clash."], "title": ["Blank."]},
        ),
    ],
)
def test_django_validation_errors_become_400s_in_drf_shape(error, body):
    response = exception_handler(error, context={})

    assert response.status_code == 400
    assert response.data == body


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["debug off", "debug on"])
@pytest.mark.parametrize("path", ["/api/nope/", "/api/courses/1/nothing-here/"])
def test_an_unknown_api_address_is_a_json_404(client, settings, path, debug):
    settings.DEBUG = debug

    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["debug off", "debug on"])
def test_an_unknown_page_is_still_the_html_404(client, settings, debug):
    settings.DEBUG = debug

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["debug off", "debug on"])
def test_an_api_address_without_its_slash_is_still_redirected_to_it(
    client, settings, debug
):
    settings.DEBUG = debug

    response = client.get("/api/courses")

    assert response.status_code == 301
    assert response["Location"] == "/api/courses/"


def test_a_crash_under_the_api_is_a_json_500(rf):
    from educa.errors import server_error

    response = server_error(rf.get("/api/courses/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_a_bad_request_under_the_api_is_a_json_400(client):
    response = client.get("/api/courses/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


@pytest.mark.django_db
def test_a_filter_error_names_what_was_wrong_in_an_object(client):
    response = client.get("/api/meals/", {"search": "a\x00b"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Null characters are not allowed."]}


@pytest.mark.django_db
def test_the_api_root_shows_anyone_the_endpoints_and_the_docs(client):
    response = client.get("/api/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    links = response.json()
    assert links["courses"] == "http://testserver/api/courses/"
    assert links["meals"] == "http://testserver/api/meals/"
    assert links["auth/token"] == "http://testserver/api/auth/token/"
    assert links["docs"] == "http://testserver/api/docs/"
