"""The students' side in a real browser: sign up, enrol, follow a course.

These run against `live_server` (a transactional database) with the demo data of
`seed_demo`, using the `browser` and `page` fixtures of the root conftest.py.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import Course, Module
from educa.tests.browser import ends_with, log_in

pytestmark = pytest.mark.browser

COURSE = "Python for beginners"
COURSE_SLUG = "python-for-beginners"
PASSWORD = "a-long-and-unlikely-passphrase-42"
# Demo students of fixtures/demo_users.json: seed_demo enrols the first in COURSE.
DEMO_STUDENT = ("student", "educa-student-demo")
OTHER_DEMO_STUDENT = ("student2", "educa-student2-demo")


# Set-up


def seed_demo() -> Course:
    """The demo users, subjects and courses; returns the Python course."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Course.objects.get(slug=COURSE_SLUG)


def keep_to_the_live_server(page, live_server_url: str) -> None:
    """Abort every request to another site (the YouTube embed): the test machine
    cannot reach it, and an iframe left hanging would hold up the load event."""
    page.context.route(
        lambda url: not url.startswith(live_server_url + "/"),
        lambda route: route.abort(),
    )


# Helpers


def course_url(course) -> str:
    return reverse("students:student_course_detail", args=[course.pk])


def module_url(course, title: str) -> str:
    module = Module.objects.get(course=course, title=title)
    return reverse("students:student_course_module", args=[course.pk, module.pk])


def sign_up(page, username: str) -> None:
    """Fill in and send the registration form the page is on."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email address").fill(f"{username}@example.com")
    # Django's labels end with a colon: "Password:" and "Password confirmation:".
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def header(page):
    return page.get_by_role("banner")


def sidebar(page):
    return page.locator("nav.sidebar")


def content_card(page, title: str):
    """The <article> of one content of the module shown, by its title."""
    return page.locator("article.content").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def progress(page):
    return sidebar(page).get_by_role("progressbar", name=f"Progress in {COURSE}")


def expect_module(page, course, title: str) -> None:
    """The student page of `course` shows module `title`, marked in the sidebar."""
    expect(page).to_have_url(ends_with(module_url(course, title)))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(sidebar(page).locator("[aria-current=page]")).to_have_text(title)


# The journey


def test_a_visitor_signs_up_enrols_and_follows_a_course_from_module_to_module(
    page, live_server, tmp_path
):
    course = seed_demo()
    keep_to_the_live_server(page, live_server.url)

    # The catalogue: subjects with their course counts, a card per course.
    page.goto("/")
    expect(page.get_by_role("heading", name="All courses", level=1)).to_be_visible()
    subjects = page.get_by_role("navigation", name="Subjects")
    expect(
        subjects.get_by_role("listitem").filter(has_text="Programming")
    ).to_contain_text("(1)")
    expect(subjects.get_by_role("listitem").filter(has_text="Physics")).to_contain_text(
        "(0)"
    )
    expect(page.locator("article.card")).to_have_count(2)

    # Sign up: logged in at once, on an empty "My learning".
    header(page).get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(ends_with(reverse("students:student_registration")))
    sign_up(page, "ada")
    expect(page).to_have_url(ends_with(reverse("students:student_course_list")))
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.get_by_text("Welcome, ada!")).to_be_visible()
    expect(header(page)).to_contain_text("ada")
    expect(header(page).get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".empty")).to_contain_text("not enrolled in any course")

    # Back to the catalogue, to the course page, and enrol.
    page.get_by_role("link", name="Browse the catalogue").click()
    expect(page).to_have_url(live_server.url + "/")
    page.get_by_role("link", name=COURSE, exact=True).click()
    expect(page).to_have_url(ends_with(course.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    page.get_by_role("button", name="Enrol now").click()
    expect(page).to_have_url(ends_with(course_url(course)))
    expect(page.get_by_text(f"You are enrolled in “{COURSE}”.")).to_be_visible()
    assert course.students.filter(username="ada").exists()

    # The first module: the text, and the file as a download.
    expect(page.get_by_role("heading", level=1)).to_have_text("Getting started")
    expect(sidebar(page).locator("[aria-current=page]")).to_have_text("Getting started")
    expect(progress(page)).to_have_attribute("value", "0")
    expect(sidebar(page)).to_contain_text("0 of 5 done")
    expect(page.locator(".content-text")).to_have_text(f"Welcome to {COURSE}!")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Syllabus”").click()
    saved = tmp_path / "syllabus.txt"
    download_info.value.save_as(saved)
    assert saved.read_text() == f"Syllabus of {COURSE}\n"
    expect(page.locator("a[rel=prev]")).to_have_count(0)  # the first module

    # The second module, from the sidebar: an image that really loaded.
    sidebar(page).get_by_role("link", name="Loops").click()
    expect_module(page, course, "Loops")
    image = page.locator(".content-image img")
    expect(image).to_have_attribute("alt", "A picture")
    image.scroll_into_view_if_needed()  # it is loading="lazy"
    expect(image).to_have_js_property("complete", True)
    expect(image).to_have_js_property("naturalWidth", 320)

    # The last module, by the "next" link: the embedded video (not loaded).
    page.locator("a[rel=next]").click()
    expect_module(page, course, "Functions")
    video = page.locator(".content-video iframe")
    expect(video).to_have_attribute(
        "src", re.compile(r"^https://www\.youtube\.com/embed/rfscVS0vtbw")
    )
    expect(video).to_have_attribute("title", "An introduction")
    expect(page.locator("a[rel=next]")).to_have_count(0)  # the last module

    # And back, by the "previous" links.
    expect(page.locator("a[rel=prev]")).to_have_text("← Loops")
    page.locator("a[rel=prev]").click()
    expect_module(page, course, "Loops")
    page.locator("a[rel=prev]").click()
    expect_module(page, course, "Getting started")

    # Mark the text done: the card says so, the progress goes up.
    welcome = content_card(page, "Welcome")
    welcome.get_by_role("button", name="Mark as done").click()
    expect(page).to_have_url(re.compile(r"#content-\d+$"))
    expect(welcome.locator(".done-mark")).to_have_text("✓ Done")
    expect(welcome.get_by_role("button", name="Mark as not done")).to_be_visible()
    expect(content_card(page, "Syllabus").get_by_role("button")).to_have_text(
        "Mark as done"
    )
    expect(progress(page)).to_have_attribute("value", "1")
    expect(sidebar(page)).to_contain_text("1 of 5 done")

    # "My learning" now lists the course, with its progress.
    header(page).get_by_role("link", name="My learning").click()
    card = page.locator("article.card").filter(has_text=COURSE)
    expect(card).to_contain_text("1 of 5 done")
    card.get_by_role("link", name=COURSE).click()
    expect(page).to_have_url(ends_with(course_url(course)))


# Smaller ones


def test_a_visitor_who_signs_up_from_a_course_page_comes_back_to_it(page):
    course = seed_demo()

    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Register to enrol").click()
    expect(page).to_have_url(re.compile(r"/students/register/\?next="))
    sign_up(page, "grace")

    expect(page).to_have_url(ends_with(course.get_absolute_url()))
    expect(page.get_by_role("button", name="Enrol now")).to_be_visible()


def test_marking_a_content_not_done_takes_the_progress_back_down(page, live_server):
    course = seed_demo()  # the demo student is enrolled in it
    keep_to_the_live_server(page, live_server.url)
    log_in(page, DEMO_STUDENT[0], course_url(course), password=DEMO_STUDENT[1])
    welcome = content_card(page, "Welcome")

    welcome.get_by_role("button", name="Mark as done").click()
    expect(progress(page)).to_have_attribute("value", "1")
    welcome.get_by_role("button", name="Mark as not done").click()

    expect(welcome.get_by_role("button", name="Mark as done")).to_be_visible()
    expect(welcome.locator(".done-mark")).to_have_count(0)
    expect(progress(page)).to_have_attribute("value", "0")
    expect(sidebar(page)).to_contain_text("0 of 5 done")


def test_a_student_cannot_open_a_course_they_have_not_enrolled_in(page):
    course = seed_demo()
    log_in(
        page,
        OTHER_DEMO_STUDENT[0],
        reverse("students:student_course_list"),
        password=OTHER_DEMO_STUDENT[1],
    )

    response = page.goto(course_url(course))

    assert response.status == 404


@pytest.mark.parametrize("module", ["Loops", "Functions"])  # the image, the video
def test_a_module_with_an_image_or_a_video_fits_a_phone_screen(
    page, live_server, module
):
    course = seed_demo()
    keep_to_the_live_server(page, live_server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, DEMO_STUDENT[0], module_url(course, module), password=DEMO_STUDENT[1])

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert overflow == 0  # no sideways scrolling


def test_a_student_leaves_a_course_from_my_learning(page):
    course = seed_demo()  # the demo student is enrolled in it
    log_in(
        page,
        DEMO_STUDENT[0],
        reverse("students:student_course_list"),
        password=DEMO_STUDENT[1],
    )
    card = page.locator("article.card").filter(has_text=COURSE)

    card.get_by_role("button", name="Leave this course").click()

    expect(page).to_have_url(ends_with(reverse("students:student_course_list")))
    expect(page.locator(".messages")).to_have_text(f"You left “{COURSE}”.")
    expect(page.locator("article.card").filter(has_text=COURSE)).to_have_count(0)
    assert page.goto(course_url(course)).status == 404
