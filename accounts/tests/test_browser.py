"""Accounts in a real browser: a password reset by email, from the login page to
logging in with the new password (the email read from a real SMTP server), and
where an instructor lands after logging in."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import InstructorFactory, UserFactory
from educa.tests.browser import ends_with, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-fresh-and-unlikely-passphrase"


def test_a_student_resets_a_forgotten_password_by_email_and_logs_in(
    page, live_server, smtp_server
):
    user = UserFactory()
    page.goto("/accounts/login/?next=/students/courses/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(
        ends_with("/accounts/password_reset/?next=/students/courses/")
    )

    page.get_by_label("Email").fill(user.email.upper())
    page.get_by_role("button", name="Send me the link").click()
    expect(page).to_have_url(ends_with("/accounts/password_reset/done/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Sent by the live server after its answer: wait for it to arrive.
    message = smtp_server.next_message()
    assert message["To"] == user.email
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/accounts/reset/\S+/", text).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page).to_have_url(ends_with("/accounts/reset/done/"))

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    log_in(page, user.username)
    expect(page.locator(".errorlist")).to_be_visible()
    log_in(page, user.username, password=NEW_PASSWORD)
    expect(page).to_have_url(ends_with("/students/courses/"))

    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link no longer works"
    )


def test_an_instructor_lands_on_their_courses_after_logging_in(page, live_server):
    instructor = InstructorFactory()
    page.goto("/accounts/login/")

    log_in(page, instructor.username)

    expect(page).to_have_url(ends_with("/course/mine/"))
    expect(
        page.get_by_role("banner").get_by_role("link", name=instructor.username)
    ).to_be_visible()
