"""The profile page: first name, last name and a unique email address."""

import pytest
from django.urls import reverse

from accounts.models import EMAIL_TAKEN, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")


def profile(**changes):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
    } | (changes)


def test_a_user_edits_their_names_and_email_with_a_success_message(client, user):
    client.force_login(user)

    response = client.post(PROFILE, profile(), follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your profile was saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == (
        "Ada",
        "Lovelace",
        "ada@example.com",
    )


def test_the_page_shows_the_current_values(client, user):
    client.force_login(user)

    page = client.get(PROFILE).content.decode()

    assert f'value="{user.email}"' in page
    assert f'value="{user.first_name}"' in page


def test_an_email_another_user_has_in_another_case_is_refused(client, user):
    UserFactory(email="taken@example.com")
    client.force_login(user)

    response = client.post(PROFILE, profile(email="TAKEN@example.com"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [EMAIL_TAKEN]
    user.refresh_from_db()
    assert user.email != "TAKEN@example.com"


def test_a_refused_email_does_not_show_as_the_users_own(client, user):
    UserFactory(email="taken@example.com")
    client.force_login(user)

    response = client.post(PROFILE, profile(email="taken@example.com"))

    assert response.context["user"].email == user.email


def test_keeping_ones_own_email_in_another_case_is_allowed(client, user):
    client.force_login(user)

    response = client.post(PROFILE, profile(email=user.email.upper()))

    assert response.status_code == 302


def test_a_blank_email_is_a_form_error(client, user):
    client.force_login(user)

    response = client.post(PROFILE, profile(email=""))

    assert "email" in response.context["form"].errors


def test_an_email_taken_by_a_concurrent_request_is_a_form_error_not_a_500(
    client, user, monkeypatch
):
    old_email = user.email
    UserFactory(email="taken@example.com")
    # The other request saved its address after every check of ours ran: only
    # the database's constraint still sees it.
    monkeypatch.setattr(User.objects, "email_taken", lambda *a, **kw: False)
    monkeypatch.setattr(User, "validate_constraints", lambda *a, **kw: None)
    client.force_login(user)

    response = client.post(PROFILE, profile(email="TAKEN@example.com"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [EMAIL_TAKEN]
    user.refresh_from_db()
    assert user.email == old_email


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={PROFILE}"


def test_the_header_links_to_the_profile(client, user):
    client.force_login(user)

    page = client.get(reverse("students:student_course_list")).content.decode()

    assert f'href="{PROFILE}"' in page


def test_the_profile_page_costs_a_constant_number_of_queries(
    client, user, django_assert_num_queries
):
    client.force_login(user)
    client.get(PROFILE)

    # The user (with permissions; the session comes from the cache): one query.
    with django_assert_num_queries(1):
        assert client.get(PROFILE).status_code == 200
