"""A course's board in a real browser: two students and the instructor, each in
a browser context of their own, against `live_server`."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from educa.tests.browser import logged_in_pages

pytestmark = pytest.mark.browser


@pytest.fixture
def open_page(browser, live_server):
    """A page of its own for each user who logs in, on `next_url`."""
    with logged_in_pages(browser, live_server.url) as open_as:
        yield lambda user, next_url: open_as(user.username, next_url)


def test_a_question_is_liked_answered_and_its_author_sees_both(
    open_page, course, owner, student
):
    other = UserFactory()
    course.students.add(other)
    board = reverse("discussions:post_list", args=[course.pk])
    ada = open_page(student, board)
    bob = open_page(other, board)
    teacher = open_page(owner, reverse("courses:manage_course_list"))
    expect(ada.get_by_text("No posts yet. Ask the first question.")).to_be_visible()

    # Ada asks.
    ada.get_by_label("Title").fill("How do I stop a <while> loop?")
    ada.get_by_label("Body").fill("I wrote while True:\nIt never stops.")
    ada.get_by_role("button", name="Post", exact=True).click()
    expect(ada.get_by_role("heading", level=1)).to_have_text(
        "How do I stop a <while> loop?"
    )
    expect(ada.locator(".post-text")).to_have_text("I wrote while True:It never stops.")
    expect(ada.locator(".post-text br")).to_have_count(1)

    # Bob likes it from the board, and comes back to the board.
    bob.reload()
    question = bob.get_by_role("listitem").filter(has_text="How do I stop")
    expect(question).to_contain_text("0 likes")
    question.get_by_role("button", name="Like", exact=True).click()
    expect(bob).to_have_url(re.compile(re.escape(board) + r"#post-\d+$"))
    expect(question).to_contain_text("1 like, yours among them")
    expect(question.get_by_role("button", name="Unlike")).to_be_visible()

    # The instructor sees it waiting for an answer, and answers.
    teacher.reload()
    expect(
        teacher.get_by_role("link", name="Discussion (1 unanswered)")
    ).to_be_visible()
    teacher.get_by_role("link", name="Discussion (1 unanswered)").click()
    teacher.get_by_role("link", name="How do I stop a <while> loop?").click()
    teacher.get_by_label("Your comment").fill("Use break.")
    teacher.get_by_role("button", name="Comment").click()
    answer = teacher.locator(".comment").filter(has_text="Use break.")
    expect(answer.locator(".badge")).to_have_text("instructor")
    teacher.goto(reverse("courses:manage_course_list"))
    expect(teacher.get_by_role("link", name="Discussion", exact=True)).to_be_visible()

    # Ada sees the answer and the like after a reload.
    ada.reload()
    expect(ada.locator(".comment")).to_have_count(1)
    expect(ada.locator(".comment")).to_contain_text("Use break.")
    expect(ada.locator(".comment .byline-author")).to_have_text(owner.username)
    expect(ada.locator(".likes")).to_contain_text("1 like")
    expect(ada.locator(".likes")).not_to_contain_text("yours")
    expect(ada.get_by_role("heading", name="1 comment")).to_be_visible()
