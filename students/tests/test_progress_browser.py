"""Browser test of the progress page (issue 19): the instructor opens it from
their course list, reads their students' progress and downloads the CSV."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from educa.tests.browser import log_in
from students.tests.progress_data import attempt, contents, course_of, enrol, mark

pytestmark = pytest.mark.browser


def test_an_instructor_reads_the_progress_page_and_downloads_the_csv(page):
    course = course_of(modules=2, texts=2, quizzes=1)  # 5 contents, one a quiz
    ada, grace = enrol(course, username="ada"), enrol(course, username="grace")
    quiz = [c for c in contents(course) if c.content_type.model == "quiz"][0]
    for content in contents(course)[:3]:  # module 1: two texts and its quiz
        mark(ada, content)
    attempt(ada, quiz.item, 80)
    attempt(ada, quiz.item, 40)
    log_in(page, course.owner.username, reverse("courses:manage_course_list"))

    page.get_by_role("link", name="Progress").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Progress in “{course.title}”"
    )
    rows = page.locator("table.student-progress tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="ada")).to_contain_text("3 / 5")
    expect(rows.filter(has_text="ada")).to_contain_text("60%")
    expect(rows.filter(has_text="ada")).to_contain_text("80% (passed)")
    expect(rows.filter(has_text="grace")).to_contain_text("never")
    chart = page.locator("svg[role=img]")
    expect(chart).to_be_visible()
    finishes = page.locator("table.module-finishes tbody tr")
    expect(finishes.nth(0)).to_contain_text("1 of 2")  # ada finished module 1
    expect(finishes.nth(1)).to_contain_text("0 of 2")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value

    assert download.suggested_filename == f"{course.slug}-progress.csv"
    with open(download.path(), encoding="utf-8") as file:
        table = list(csv.reader(io.StringIO(file.read())))
    assert table[0] == ["username", "email", "done", "total", "percent", "Quiz 1"]
    assert table[1][:5] == ["ada", ada.email, "3", "5", "60"]
    assert table[1][5] == "80"
    assert table[2][:5] == ["grace", grace.email, "0", "5", "0"]
