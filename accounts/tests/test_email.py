"""Email through EMAIL_URL, down to a real SMTP server (aiosmtpd on loopback)."""

import os
import re
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from educa.settings import email_settings
from educa.tests.helpers import run_django
from educa.tests.tiers import run_to_completion

NEW_PASSWORD = "a-fresh-and-unlikely-passphrase"


def parts(message) -> dict[str, str]:
    """The message's text parts by type."""
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }


@pytest.mark.django_db
def test_a_reset_by_email_through_smtp_sets_a_password_that_logs_in(
    client, user, smtp_server
):
    client.post(reverse("password_reset"), {"email": user.email})

    message = smtp_server.next_message()
    assert message["To"] == user.email
    assert message["From"] == django_settings.DEFAULT_FROM_EMAIL
    text, html = parts(message)["text/plain"], parts(message)["text/html"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", text).group(1)
    assert f'href="http://testserver{link}"' in html
    form = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.login(username=user.username, password=NEW_PASSWORD)
    assert not client.login(username=user.username, password=PASSWORD)


@pytest.mark.django_db
def test_an_unknown_address_sends_nothing_through_smtp(client, smtp_server):
    client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert smtp_server.has_no_message()


def test_email_url_in_the_environment_sends_through_that_server(smtp_server):
    result = run_django(
        "from django.core.mail import send_mail\n"
        "send_mail('Hello', 'Body', None, ['someone@example.com'])\n",
        env={
            "EMAIL_URL": smtp_server.url,
            "DEFAULT_FROM_EMAIL": "Ops <ops@example.com>",
        },
        settings_module="educa.settings",
    )

    assert result.returncode == 0, result.stderr
    message = smtp_server.next_message()
    assert (message["Subject"], message["From"]) == ("Hello", "Ops <ops@example.com>")


def test_without_email_url_emails_go_to_the_console_from_educa():
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"EMAIL_URL", "EMAIL_BACKEND", "DEFAULT_FROM_EMAIL"}
    }
    script = (
        "import django\ndjango.setup()\n"
        "from django.conf import settings as s\n"
        "print(s.EMAIL_BACKEND, '|', s.DEFAULT_FROM_EMAIL)\n"
    )

    result = run_to_completion(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "educa.test_settings"},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.mail.backends.console.EmailBackend | Educa <noreply@localhost>"
    )


def test_an_email_url_with_tls_and_credentials_becomes_django_settings():
    config = email_settings("smtp+tls://mailer:p%40ss@mail.example.com:587")

    assert config["EMAIL_HOST"] == "mail.example.com"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_USE_TLS"] is True
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == (
        "mailer",
        "p@ss",
    )


def test_an_email_url_without_a_port_keeps_djangos_default():
    assert "EMAIL_PORT" not in email_settings("smtp://mail.example.com")
