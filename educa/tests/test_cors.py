import pytest
from django.urls import reverse

ORIGIN = "https://app.example.com"


@pytest.fixture(autouse=True)
def _allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def preflight(client, origin):
    return client.options(
        reverse("api:auth-token"),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )


def test_an_allowed_origin_may_call_the_api(client):
    response = preflight(client, ORIGIN)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_another_origin_gets_no_cors_headers(client):
    response = preflight(client, "https://evil.example.net")

    assert "Access-Control-Allow-Origin" not in response


def test_credentials_are_never_allowed_cross_origin(client):
    assert "Access-Control-Allow-Credentials" not in preflight(client, ORIGIN)
