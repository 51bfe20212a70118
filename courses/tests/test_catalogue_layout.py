"""The catalogue and the site header on a phone (390 x 844, a common phone's
screen), in a real browser: the courses come first, the header keeps to one line.
"""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import InstructorFactory
from courses.tests.factories import CourseFactory, SubjectFactory
from educa.tests.browser import box, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# The longest a username can be (AbstractUser's max_length).
LONGEST_USERNAME = "u" * 150


def a_catalogue_with_many_subjects(subjects: int = 30) -> None:
    """A subject list longer than a phone's screen, a course in each subject."""
    for n in range(subjects):
        subject = SubjectFactory(title=f"Subject {n:02}", slug=f"subject-{n:02}")
        CourseFactory(subject=subject, title=f"Course {n:02}")


def test_on_a_phone_the_first_course_of_the_catalogue_is_on_the_first_screen(page):
    a_catalogue_with_many_subjects()
    page.set_viewport_size(PHONE)

    page.goto("/")

    first_course = box(page.locator("article.card").first)
    subjects = box(page.get_by_role("navigation", name="Subjects"))
    assert first_course["y"] < PHONE["height"]
    assert first_course["y"] < subjects["y"]  # the courses before the subjects


def test_on_a_wide_screen_the_subjects_stay_beside_the_courses(page):
    a_catalogue_with_many_subjects()
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto("/")

    first_course = box(page.locator("article.card").first)
    subjects = box(page.get_by_role("navigation", name="Subjects"))
    assert subjects["x"] + subjects["width"] <= first_course["x"]


def nav_items(page):
    """The header's navigation entries shown on the page (links, the user, the
    logout button)."""
    nav = page.get_by_role("banner").locator("nav")
    return [item for item in nav.locator(":scope > *").all() if item.is_visible()]


def test_the_longest_header_keeps_to_one_line_on_a_phone(page):
    # An instructor who is staff too: every entry there is, and the longest name.
    InstructorFactory(username=LONGEST_USERNAME, is_staff=True)
    page.set_viewport_size(PHONE)
    log_in(page, LONGEST_USERNAME, "/")
    header = page.get_by_role("banner")

    items = nav_items(page)
    tops = {round(box(item)["y"]) for item in items}
    brand = box(header.get_by_role("link", name="Educa"))

    assert len(tops) == 1  # all on one line...
    assert len(items) == 5  # My learning, My courses, Admin, the user, Log out
    # ...and the header is one line high, in the screen's width.
    assert box(header)["height"] < 2 * brand["height"]
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    log_out = box(header.get_by_role("button", name="Log out"))
    assert log_out["x"] + log_out["width"] <= PHONE["width"]


def test_a_long_username_in_the_header_ends_with_an_ellipsis(page):
    InstructorFactory(username=LONGEST_USERNAME, is_staff=True)
    page.set_viewport_size(PHONE)
    log_in(page, LONGEST_USERNAME, "/")
    who = page.get_by_role("banner").locator(".who")

    expect(who).to_be_visible()
    expect(who).to_have_css("text-overflow", "ellipsis")
    assert who.evaluate("el => el.scrollWidth > el.clientWidth")  # cut, not wrapped
    assert box(who)["width"] > 0


def test_the_short_labels_of_a_phone_keep_the_links_names(page):
    InstructorFactory(username="teacher", is_staff=True)
    page.set_viewport_size(PHONE)
    log_in(page, "teacher", "/")
    header = page.get_by_role("banner")

    learning = header.get_by_role("link", name="My learning", exact=True)
    teaching = header.get_by_role("link", name="My courses", exact=True)

    expect(learning).to_be_visible()
    expect(teaching).to_be_visible()
    for link, short in ((learning, "Learning"), (teaching, "Teaching")):
        expect(link.locator(".label-short")).to_have_text(short)
        expect(link.locator(".label-short")).to_be_visible()
        assert box(link.locator(".label-long"))["width"] <= 1  # for screen readers
    # The catalogue is the brand's link there.
    expect(header.get_by_role("link", name="Courses", exact=True)).to_be_hidden()
    expect(header.get_by_role("link", name="Educa")).to_have_attribute("href", "/")
