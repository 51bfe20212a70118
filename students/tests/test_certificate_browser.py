"""Browser test of finishing a course (issue 19): a student marks the last
contents done, the course page says "Completed" with the date, and the
certificate link serves their PDF."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content
from educa.tests.browser import log_in

pytestmark = pytest.mark.browser


def test_a_student_finishes_a_course_and_downloads_the_certificate(page):
    owner = UserFactory(first_name="Grace", last_name="Hopper")
    course = CourseFactory(owner=owner, title="Compilers for everyone")
    module = ModuleFactory(course=course, title="Parsing")
    add_content(module), add_content(module)
    student = UserFactory(first_name="Zoë", last_name="Łukasiewicz")
    course.students.add(student)
    url = reverse("students:student_course_module", args=[course.pk, module.pk])
    log_in(page, student.username, url)
    completion = page.locator(".completion")
    expect(completion).to_have_count(0)

    to_do = page.get_by_role("button", name="Mark as done")
    expect(to_do).to_have_count(2)
    to_do.first.click()
    expect(to_do).to_have_count(1)  # the page came back with one marked
    expect(completion).to_have_count(0)
    to_do.first.click()
    expect(to_do).to_have_count(0)

    today = timezone.localdate()
    expect(completion).to_contain_text(f"Completed on {today:%-d %B %Y}")
    link = completion.get_by_role("link", name="Your certificate (PDF)")
    # The browser's own request, with its session: what a click downloads.
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    for words in ("Zoë Łukasiewicz", "Compilers for everyone", "Grace Hopper"):
        assert words in text
    assert f"{today:%-d %B %Y}" in text
