import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_accounts_api(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["register", "token", "token/refresh", "token/verify", "logout", "me"]:
        assert f"/api/auth/{path}/" in schema["paths"]


def test_the_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any warning of drf-spectacular into an error.
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", tmp_path / "s.yml"
    )

    assert "openapi: 3" in (tmp_path / "s.yml").read_text()


@pytest.mark.django_db
def test_the_docs_page_loads_every_asset_from_our_own_origin(settings):
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # a new client builds its middleware with these settings

    html = client.get(reverse("api:docs")).content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page references its scripts and styles"
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


@pytest.mark.django_db
def test_the_schema_describes_the_meals_api(client):
    paths = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()[
        "paths"
    ]

    assert {"/api/meals/", "/api/meals/{id}/rate_meal/", "/api/ratings/"} <= set(paths)
