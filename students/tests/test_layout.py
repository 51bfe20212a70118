"""How a module page lays out its contents, in a real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from courses.tests.factories import (
    ImageFactory,
    ModuleFactory,
    TextFactory,
    VideoFactory,
    add_content,
)
from educa.tests.browser import box, log_in

pytestmark = pytest.mark.browser


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
    log_in(page, student.username, url)

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
