import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

URL = reverse("api:auth-register")
STRONG = "a-Strong-passphrase-9"


@pytest.fixture
def payload():
    return {"username": "newbie", "email": "newbie@example.com", "password": STRONG}


@pytest.mark.django_db
def test_register_creates_a_user_with_a_hashed_password(api_client, payload):
    response = api_client.post(URL, payload)

    assert response.status_code == 201
    user = User.objects.get(username="newbie")
    assert response.json() == {"id": user.pk, "username": "newbie", "email": user.email}
    assert user.check_password(STRONG)
    assert user.password != STRONG


@pytest.mark.django_db
def test_register_accepts_form_encoded_bodies(api_client, payload):
    response = api_client.post(URL, payload, format="multipart")

    assert response.status_code == 201


@pytest.mark.django_db
def test_register_rejects_a_duplicate_username(api_client, payload):
    UserFactory(username="newbie")

    response = api_client.post(URL, payload)

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.django_db
def test_register_rejects_a_username_differing_only_in_case(api_client, payload):
    UserFactory(username="Newbie")

    response = api_client.post(URL, payload)

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.django_db
def test_register_rejects_a_duplicate_email_in_another_letter_case(api_client, payload):
    UserFactory(email="NewBie@Example.com")

    response = api_client.post(URL, payload)

    assert response.status_code == 400
    assert response.json()["email"] == [
        "A user with that email address already exists."
    ]
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("83749201563", "entirely numeric"),
        ("newbie-example", "too similar"),
    ],
)
def test_register_rejects_a_weak_password(api_client, payload, password, reason):
    response = api_client.post(URL, {**payload, "password": password})

    assert response.status_code == 400
    assert any(reason in message for message in response.json()["password"])
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["username", "email", "password"])
def test_register_requires_every_field(api_client, payload, missing):
    del payload[missing]

    response = api_client.post(URL, payload)

    assert response.status_code == 400
    assert missing in response.json()


@pytest.mark.django_db
def test_register_rejects_a_malformed_email(api_client, payload):
    response = api_client.post(URL, {**payload, "email": "not-an-email"})

    assert response.status_code == 400
    assert "email" in response.json()


@pytest.mark.django_db
def test_register_rejects_malformed_json_with_a_400(api_client):
    response = api_client.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_registered_user_can_obtain_a_token(api_client, payload):
    api_client.post(URL, payload)

    response = api_client.post(
        reverse("api:auth-token"), {"username": "newbie", "password": STRONG}
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
