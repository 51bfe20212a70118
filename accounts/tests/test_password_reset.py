"""Password reset by email, on the web and in the API (CONTRACT, Accounts:
self-service): no account discovery, links that work once and expire, every
refresh token revoked, requests throttled per client and per address."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import PASSWORD, UserFactory
from accounts.views import PasswordResetView

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
RESET_DONE = reverse("password_reset_done")
API_RESET = reverse("api:auth-password-reset")
API_CONFIRM = reverse("api:auth-password-reset-confirm")
TOKEN = reverse("api:auth-token")
NEW_PASSWORD = "a-fresh-and-unlikely-passphrase"
LIMIT = int(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"][:-4])


def reset_link(message) -> str:
    """The path of the reset link in an email's plain text."""
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def set_password_through(client, link: str, password: str = NEW_PASSWORD):
    """Open a reset link, then send the new password on the page it leads to."""
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def link_parts(user) -> tuple[str, str]:
    return (
        urlsafe_base64_encode(force_bytes(user.pk)),
        default_token_generator.make_token(user),
    )


# The request: the same answer for everyone


def test_a_reset_request_for_a_known_address_sends_one_email_with_a_link(
    client, user, mailoutbox
):
    response = client.post(RESET, {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert re.fullmatch(r"/accounts/reset/[\w-]+/[\w-]+/", reset_link(mailoutbox[0]))


def test_the_address_is_matched_in_any_letter_case(client, user, mailoutbox):
    client.post(RESET, {"email": user.email.upper()})

    assert [message.to for message in mailoutbox] == [[user.email]]


def test_known_and_unknown_addresses_get_the_same_answer_on_the_web(client, user):
    known = client.post(RESET, {"email": user.email})
    unknown = client.post(RESET, {"email": "nobody@example.com"})

    assert (known.status_code, known["Location"], known.content) == (
        unknown.status_code,
        unknown["Location"],
        unknown.content,
    )
    assert client.get(RESET_DONE).status_code == 200


def test_known_and_unknown_addresses_get_the_same_answer_in_the_api(
    api_client, user, mailoutbox
):
    known = api_client.post(API_RESET, {"email": user.email})
    unknown = api_client.post(API_RESET, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert "detail" in known.json()
    assert len(mailoutbox) == 1


def test_the_email_goes_out_only_once_the_answer_has_been_sent(rf, user, mailoutbox):
    # The view's answer is complete before anything is looked up or sent: the
    # server closes the response after writing it, and that sends the email.
    request = rf.post(RESET, {"email": user.email})
    request.session = {}
    request._dont_enforce_csrf_checks = True
    response = PasswordResetView.as_view()(request)

    assert response.status_code == 302
    assert mailoutbox == []
    response.close()
    assert len(mailoutbox) == 1


def test_an_unknown_address_sends_nothing(client, mailoutbox):
    client.post(RESET, {"email": "nobody@example.com"})

    assert mailoutbox == []


def test_an_inactive_user_gets_no_email(client, mailoutbox):
    user = UserFactory(is_active=False)

    response = client.post(RESET, {"email": user.email})

    assert response["Location"] == RESET_DONE
    assert mailoutbox == []


def test_a_malformed_address_is_a_form_error_on_the_web(client, mailoutbox):
    response = client.post(RESET, {"email": "not-an-address"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_a_malformed_address_is_a_400_in_the_api(api_client):
    response = api_client.post(API_RESET, {"email": "not-an-address"})

    assert response.status_code == 400
    assert "email" in response.json()


def test_the_web_form_and_the_api_send_the_same_email(
    client, api_client, user, mailoutbox
):
    client.post(RESET, {"email": user.email})
    api_client.post(API_RESET, {"email": user.email})

    web, api = mailoutbox
    assert (web.subject, web.from_email, web.to) == (
        api.subject,
        api.from_email,
        api.to,
    )
    assert reset_link(web).rsplit("/", 3)[1] == reset_link(api).rsplit("/", 3)[1]


# The email


def test_the_email_has_a_text_and_an_html_part_with_the_same_link(
    client, user, mailoutbox
):
    client.post(RESET, {"email": user.email})

    message = mailoutbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver{reset_link(message)}"' in html


def test_the_email_says_who_asked_and_from_where(client, user, mailoutbox):
    client.post(RESET, {"email": user.email}, REMOTE_ADDR="198.51.100.23")

    message = mailoutbox[0]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert "198.51.100.23" in message.body
    assert user.username in message.body
    assert "1 day" in message.body


def test_the_email_holds_no_password_nor_any_token_but_the_links(
    client, user, mailoutbox
):
    client.post(RESET, {"email": user.email})

    body = mailoutbox[0].body
    assert PASSWORD not in body
    assert body.count(reset_link(mailoutbox[0]).split("/")[-2]) == 1


def test_an_html_name_is_escaped_in_the_html_part(client, mailoutbox):
    user = UserFactory(username="<b>x", email="bx@example.com")

    client.post(RESET, {"email": user.email})

    html = mailoutbox[0].alternatives[0][0]
    assert "<b>x" not in html
    assert "&lt;b&gt;x" in html


# The link


def test_the_link_sets_a_new_password_that_logs_in(client, user, mailoutbox):
    client.post(RESET, {"email": user.email})

    response = set_password_through(client, reset_link(mailoutbox[0]))

    assert response["Location"] == reverse("password_reset_complete")
    assert client.login(username=user.username, password=NEW_PASSWORD)
    assert not client.login(username=user.username, password=PASSWORD)


def test_the_link_works_once(client, user, mailoutbox):
    client.post(RESET, {"email": user.email})
    link = reset_link(mailoutbox[0])
    set_password_through(client, link)

    response = client.get(link, follow=True)

    assert "This link no longer works" in response.content.decode()
    assert not response.context["validlink"]


def test_the_link_expires(client, user, mailoutbox, settings):
    client.post(RESET, {"email": user.email})
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its time

    response = client.get(reset_link(mailoutbox[0]), follow=True)

    assert not response.context["validlink"]


def test_a_weak_new_password_is_a_form_error(client, user, mailoutbox):
    client.post(RESET, {"email": user.email})

    response = set_password_through(client, reset_link(mailoutbox[0]), "123")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_a_reset_on_the_web_revokes_every_refresh_token(client, user, mailoutbox):
    refresh_tokens = [RefreshToken.for_user(user) for _ in range(2)]
    client.post(RESET, {"email": user.email})

    set_password_through(client, reset_link(mailoutbox[0]))

    revoked = BlacklistedToken.objects.filter(token__user=user).count()
    assert revoked == len(refresh_tokens)


def test_a_reset_ends_the_sessions_of_other_devices(client, user, mailoutbox):
    from django.test import Client

    other_device = Client()
    other_device.force_login(user)
    client.post(RESET, {"email": user.email})

    set_password_through(client, reset_link(mailoutbox[0]))

    response = other_device.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_reset_pages_use_the_site_templates(client, user, mailoutbox):
    client.post(RESET, {"email": user.email})
    link = reset_link(mailoutbox[0])

    pages = [RESET, RESET_DONE, link, reverse("password_reset_complete")]
    for page in pages:
        response = client.get(page, follow=True)
        names = [template.name for template in response.templates]
        assert "base.html" in names, page
        assert not any(name.startswith("admin/") for name in names), page


# The API's confirm


def test_the_api_confirm_sets_the_password_and_revokes_every_refresh_token(
    api_client, user
):
    refresh = RefreshToken.for_user(user)
    uid, token = link_parts(user)

    response = api_client.post(
        API_CONFIRM, {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert BlacklistedToken.objects.filter(token__jti=refresh["jti"]).exists()
    refreshed = api_client.post(
        reverse("api:auth-token-refresh"), {"refresh": str(refresh)}
    )
    assert refreshed.status_code == 401


def test_the_api_confirm_works_once(api_client, user):
    uid, token = link_parts(user)
    body = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    api_client.post(API_CONFIRM, body)

    response = api_client.post(
        API_CONFIRM, {**body, "new_password": "x" + NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert "token" in response.json()


def test_the_api_confirm_refuses_an_expired_token(api_client, user, settings):
    uid, token = link_parts(user)
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = api_client.post(
        API_CONFIRM, {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "uid", ["", "!!", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODk", "YWJj", "2LE"]
)
def test_the_api_confirm_refuses_a_forged_uid_with_400(api_client, user, uid):
    _, token = link_parts(user)

    response = api_client.post(
        API_CONFIRM, {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400


def test_the_api_confirm_refuses_a_weak_password(api_client, user):
    uid, token = link_parts(user)

    response = api_client.post(
        API_CONFIRM, {"uid": uid, "token": token, "new_password": "123"}
    )

    assert response.status_code == 400
    assert "new_password" in response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# Throttles


def test_reset_requests_on_the_web_are_throttled_with_the_login(client, api_client):
    for _ in range(LIMIT):
        api_client.post(TOKEN, {"username": "x", "password": "y"})

    response = client.post(RESET, {"email": "someone@example.com"})

    assert response.status_code == 429


def test_reset_requests_in_the_api_are_throttled_with_the_login(client, api_client):
    for _ in range(LIMIT):
        client.post(reverse("login"), {"username": "x", "password": "y"})

    response = api_client.post(API_RESET, {"email": "someone@example.com"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_one_address_gets_only_a_few_reset_emails_an_hour(
    client, user, mailoutbox, settings
):
    settings.PASSWORD_RESET_EMAIL_RATE = "3/hour"
    # From many client addresses: the limit is the target's, not the client's.
    answers = {
        client.post(
            RESET, {"email": user.email}, REMOTE_ADDR=f"192.0.2.{n}"
        ).status_code
        for n in range(10)
    }

    assert answers == {302}
    assert len(mailoutbox) == 3


def test_an_address_over_its_quota_gets_the_same_answer_as_any_other(
    client, api_client, user, mailoutbox, settings
):
    settings.PASSWORD_RESET_EMAIL_RATE = "3/hour"
    for n in range(3):
        api_client.post(API_RESET, {"email": user.email}, REMOTE_ADDR=f"192.0.2.{n}")

    over = api_client.post(API_RESET, {"email": user.email})
    other = api_client.post(API_RESET, {"email": "nobody@example.com"})

    assert (over.status_code, over.content) == (other.status_code, other.content)
    assert len(mailoutbox) == 3


def test_another_address_keeps_its_own_quota(client, mailoutbox):
    first, second = UserFactory(), UserFactory()
    for n in range(5):
        client.post(RESET, {"email": first.email}, REMOTE_ADDR=f"192.0.2.{n}")

    client.post(RESET, {"email": second.email})

    assert mailoutbox[-1].to == [second.email]
