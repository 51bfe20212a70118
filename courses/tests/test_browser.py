"""The instructors' CMS in a real browser: forms, order.js and its CSRF-protected POST.

These run against `live_server` (a transactional database), with the `browser` and
`page` fixtures of this folder's conftest.py.
"""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import InstructorFactory
from courses.models import Course, Module
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    add_content,
)
from educa.tests.browser import ends_with, log_in

pytestmark = pytest.mark.browser


def module_titles(course) -> list[str]:
    return list(
        Module.objects.filter(course=course)
        .order_by("order")
        .values_list("title", flat=True)
    )


def order_list_titles(page) -> list[str]:
    return [
        text.strip()
        for text in page.locator("ol.order-list li .label").all_inner_texts()
    ]


def module_ids(course) -> list[int]:
    return list(
        Module.objects.filter(course=course)
        .order_by("order")
        .values_list("pk", flat=True)
    )


def modules_url(course) -> str:
    return reverse("courses:course_module_update", args=[course.pk])


# A same-origin JSON POST from the page, like order.js's but with or without the
# X-CSRFToken header (the token is the one the page's forms carry).
POST_ORDER_JS = """async ([url, body, withToken]) => {
    const headers = {"Content-Type": "application/json"};
    if (withToken) {
        headers["X-CSRFToken"] =
            document.querySelector("input[name=csrfmiddlewaretoken]").value;
    }
    const response = await fetch(url, {
        method: "POST", credentials: "same-origin", headers, body,
    });
    return [response.status, await response.text()];
}"""


def post_order(page, orders: dict[int, int], *, with_token: bool) -> tuple[int, str]:
    url = reverse("courses:module_order")
    status, body = page.evaluate(POST_ORDER_JS, [url, json.dumps(orders), with_token])
    return status, body


def is_module_order_post(response) -> bool:
    return response.url.endswith(reverse("courses:module_order"))


def test_an_instructor_builds_a_course_and_reorders_its_modules(page):
    instructor = InstructorFactory()
    subject = SubjectFactory(title="Mathematics")
    log_in(page, instructor.username, reverse("courses:course_create"))

    page.select_option("[name=subject]", label=subject.title)
    page.fill("[name=title]", "Algebra")
    page.fill("[name=overview]", "Letters that stand for numbers.")
    page.get_by_role("button", name="Save course").click()
    expect(page).to_have_url(re.compile(r"/course/\d+/module/$"))
    course = Course.objects.get(owner=instructor)
    assert page.url.endswith(modules_url(course))

    # The formset shows two blank forms: two modules now, the third on a second visit.
    page.fill("[name=modules-0-title]", "Numbers")
    page.fill("[name=modules-1-title]", "Equations")
    page.get_by_role("button", name="Save modules").click()
    expect(page).to_have_url(ends_with(reverse("courses:manage_course_list")))
    page.goto(modules_url(course))
    page.fill("[name=modules-2-title]", "Functions")
    page.get_by_role("button", name="Save modules").click()
    expect(page).to_have_url(ends_with(reverse("courses:manage_course_list")))
    assert module_titles(course) == ["Numbers", "Equations", "Functions"]

    page.goto(modules_url(course))
    page.get_by_role("link", name="Numbers", exact=True).click()
    page.get_by_role("link", name="Text", exact=True).click()
    page.fill("[name=title]", "What a number is")
    page.fill("[name=content]", "A count, a measure, a label.")
    page.get_by_role("button", name="Save text").click()
    numbers = Module.objects.get(course=course, title="Numbers")
    expect(page).to_have_url(ends_with(numbers.get_absolute_url()))
    expect(page.locator("ol.order-list li")).to_have_count(1)
    expect(page.locator("ol.order-list li").first).to_contain_text("What a number is")

    page.goto(modules_url(course))
    items = page.locator("ol.order-list li")
    expect(items).to_have_count(3)
    status = page.get_by_role("status")

    # Drag "Numbers" onto the lower half of "Functions": it goes after it. In
    # Chromium, drag_to makes real HTML5 drag and drop (dragstart, dragover, drop,
    # dragend), so this is order.js's own drag code at work.
    functions = items.filter(has_text="Functions")
    box = functions.bounding_box()
    with page.expect_response(is_module_order_post) as saved:
        items.filter(has_text="Numbers").drag_to(
            functions,
            target_position={"x": box["width"] / 2, "y": box["height"] * 0.75},
        )
    assert saved.value.ok
    expect(status).to_have_text("Order saved.")
    assert order_list_titles(page) == ["Equations", "Functions", "Numbers"]

    # By the keyboard: "Equations" down twice, Enter then Space on its focused button.
    move_down = items.filter(has_text="Equations").get_by_role(
        "button", name="Move down"
    )
    move_down.focus()
    with page.expect_response(is_module_order_post) as saved:
        page.keyboard.press("Enter")
    assert saved.value.ok
    expect(move_down).to_be_focused()
    with page.expect_response(is_module_order_post) as saved:
        page.keyboard.press("Space")
    assert saved.value.ok
    expect(status).to_have_text("Order saved.")

    page.reload()
    assert order_list_titles(page) == ["Functions", "Numbers", "Equations"]
    assert module_titles(course) == ["Functions", "Numbers", "Equations"]


def test_an_order_post_without_the_csrf_token_is_rejected(page):
    course = CourseFactory()
    first, second = ModuleFactory(course=course), ModuleFactory(course=course)
    log_in(page, course.owner.username, modules_url(course))

    status, body = post_order(page, {first.pk: 1, second.pk: 0}, with_token=False)

    assert status == 403
    assert "CSRF" in body  # refused by the CSRF check, not for a permission
    assert module_ids(course) == [first.pk, second.pk]


def test_an_order_post_with_the_csrf_token_is_saved(page):
    course = CourseFactory()
    first, second = ModuleFactory(course=course), ModuleFactory(course=course)
    log_in(page, course.owner.username, modules_url(course))

    status, body = post_order(page, {first.pk: 1, second.pk: 0}, with_token=True)

    assert (status, json.loads(body)) == (200, {"saved": 2})
    assert module_ids(course) == [second.pk, first.pk]


@pytest.mark.parametrize("path", ["manage_course_list", "modules", "contents"])
def test_the_cms_pages_fit_a_phone_screen(page, path):
    module = ModuleFactory(title="A module with a rather long title for a phone")
    add_content(module, title="Some content")
    course = module.course
    url = {
        "manage_course_list": reverse("courses:manage_course_list"),
        "modules": modules_url(course),
        "contents": module.get_absolute_url(),
    }[path]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, course.owner.username, url)

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert overflow == 0  # no sideways scrolling
