"""How a module page lays out its contents, in a real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from courses.tests.factories import (
    ImageFactory,
    ModuleFactory,
    TextFactory,
    VideoFactory,
    add_content,
)

pytestmark = pytest.mark.browser


def log_in(page, user, next_url: str) -> None:
    page.goto(f"{reverse('login')}?next={next_url}")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


@pytest.fixture
def module_page(page):
    """A student on a module with a text, a (wide) image and a video."""
    module = ModuleFactory()
    add_content(module, TextFactory, title="Words")
    add_content(
        module,
        ImageFactory,
        title="Picture",
        file__width=2000,
        file__height=100,
    )
    add_content(module, VideoFactory, title="Film")
    student = UserFactory()
    module.course.students.add(student)
    # The video's player is elsewhere, which the test machine cannot reach.
    page.context.route(
        re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort()
    )
    return page, student, module


@pytest.mark.parametrize("width", [1280, 390])
def test_an_image_lines_up_with_the_text_and_the_video(module_page, width):
    page, student, module = module_page
    page.set_viewport_size({"width": width, "height": 900})
    url = reverse("students:student_course_module", args=[module.course_id, module.pk])
    log_in(page, student, url)

    image = page.locator(".content-image img")
    image.scroll_into_view_if_needed()  # it is loading="lazy"
    expect(image).to_have_js_property("complete", True)
    text = box(page.locator(".content-text p"))
    video = box(page.locator(".content-video iframe"))
    picture = box(image)

    assert picture["x"] == pytest.approx(text["x"], abs=1)
    assert picture["x"] == pytest.approx(video["x"], abs=1)
    # A wide image fills the card's width, as the video does, and no more.
    assert picture["width"] == pytest.approx(video["width"], abs=1)
