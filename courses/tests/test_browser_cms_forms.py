"""The CMS's forms in a real browser: adding module forms, confirming a delete."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import InstructorFactory
from courses.models import Content
from courses.tests.factories import CourseFactory, ModuleFactory, add_content
from courses.tests.test_browser import module_titles, modules_url
from educa.tests.browser import ends_with, log_in

pytestmark = pytest.mark.browser


def test_add_another_module_gives_a_third_blank_form_that_is_saved(page):
    course = CourseFactory(owner=InstructorFactory())
    log_in(page, course.owner.username, modules_url(course))
    expect(page.locator("fieldset legend", has_text="New module")).to_have_count(2)

    page.get_by_role("button", name="Add another module").click()

    expect(page.locator("fieldset legend", has_text="New module")).to_have_count(3)
    for number, title in enumerate(["Numbers", "Equations", "Functions"]):
        page.fill(f"[name=modules-{number}-title]", title)
    page.get_by_role("button", name="Save modules").click()
    expect(page).to_have_url(ends_with(reverse("courses:manage_course_list")))
    expect(
        page.get_by_text(f"The modules of “{course.title}” were saved.")
    ).to_be_visible()
    assert module_titles(course) == ["Numbers", "Equations", "Functions"]


def test_the_new_forms_have_no_delete_box_and_the_saved_ones_do(page):
    module = ModuleFactory(course=CourseFactory(owner=InstructorFactory()))
    log_in(page, module.course.owner.username, modules_url(module.course))
    page.get_by_role("button", name="Add another module").click()

    expect(page.locator("input[type=checkbox][name$=-DELETE]")).to_have_count(1)
    expect(page.locator("[name=modules-0-DELETE]")).to_have_count(1)


def test_deleting_a_content_asks_first_and_cancel_keeps_it(page):
    module = ModuleFactory(course=CourseFactory(owner=InstructorFactory()))
    kept = add_content(module, title="Keep me")
    doomed = add_content(module, title="Delete me")
    log_in(page, module.course.owner.username, module.get_absolute_url())
    row = page.locator("ol.order-list li", has_text="Delete me")

    row.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete “Delete me”?")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(ends_with(module.get_absolute_url()))
    assert Content.objects.filter(pk=doomed.pk).exists()

    row.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(ends_with(module.get_absolute_url()))
    expect(page.get_by_text("“Delete me” deleted.")).to_be_visible()
    expect(page.locator("ol.order-list li")).to_have_count(1)
    assert list(Content.objects.filter(module=module)) == [kept]
