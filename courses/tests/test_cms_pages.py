"""What the CMS pages say and link to (issue 17's walk through them)."""

import pytest
from django.urls import reverse

from courses.models import Course
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def test_my_courses_links_each_module_to_its_contents(client, instructor):
    course = CourseFactory(owner=instructor)
    modules = [ModuleFactory(course=course, title=t) for t in ("Intro", "Depth")]

    page = client.get(reverse("courses:manage_course_list")).content.decode()

    for module in modules:
        assert f'<a href="{module.get_absolute_url()}">{module.title}</a>' in page


def test_a_course_without_modules_offers_to_add_the_first(client, instructor):
    course = CourseFactory(owner=instructor)

    page = client.get(reverse("courses:manage_course_list")).content.decode()

    assert reverse("courses:course_module_update", args=[course.pk]) in page
    assert "No modules yet" in page


def test_creating_a_course_says_so_and_asks_for_its_modules(client, instructor):
    form = {"subject": SubjectFactory().pk, "title": "Algebra", "slug": "algebra"}

    response = client.post(reverse("courses:course_create"), form, follow=True)

    assert "Course “Algebra” created: now add its modules." in response.text
    course = Course.objects.get(slug="algebra")
    assert response.redirect_chain[-1][0] == reverse(
        "courses:course_module_update", args=[course.pk]
    )


def test_saving_a_course_says_so(client, instructor):
    course = CourseFactory(owner=instructor)
    form = {"subject": course.subject_id, "title": "Renamed", "slug": course.slug}

    response = client.post(
        reverse("courses:course_edit", args=[course.pk]), form, follow=True
    )

    assert "Course “Renamed” saved." in response.text


def test_saving_the_modules_says_so(client, instructor):
    course = CourseFactory(owner=instructor, title="Algebra")
    form = {
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-0-title": "Numbers",
    }

    response = client.post(
        reverse("courses:course_module_update", args=[course.pk]), form, follow=True
    )

    assert "The modules of “Algebra” were saved." in response.text
    assert course.modules.get().title == "Numbers"


def test_only_saved_modules_have_a_delete_box(client, instructor):
    module = ModuleFactory(course=CourseFactory(owner=instructor))

    page = client.get(
        reverse("courses:course_module_update", args=[module.course_id])
    ).text

    assert 'name="modules-0-DELETE"' in page
    assert 'name="modules-1-DELETE"' not in page
    assert 'name="modules-2-DELETE"' not in page
    assert 'name="modules-__prefix__-DELETE"' not in page  # the form JS copies


def test_the_blank_module_form_to_copy_is_on_the_page(client, instructor):
    course = CourseFactory(owner=instructor)

    page = client.get(reverse("courses:course_module_update", args=[course.pk])).text

    assert '<template id="empty-module-form">' in page
    assert 'name="modules-__prefix__-title"' in page


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        ("image", "Add an image"),
        ("text", "Add a text"),
        ("video", "Add a video"),
        ("file", "Add a file"),
    ],
)
def test_a_new_contents_heading_has_the_right_article(
    client, instructor, kind, heading
):
    module = ModuleFactory(course=CourseFactory(owner=instructor))

    page = client.get(
        reverse("courses:module_content_create", args=[module.pk, kind])
    ).text

    assert f"<h1>{heading}</h1>" in page


def test_the_text_form_says_it_is_plain_text_with_line_breaks_kept(client, instructor):
    module = ModuleFactory(course=CourseFactory(owner=instructor))

    page = client.get(
        reverse("courses:module_content_create", args=[module.pk, "text"])
    ).text

    assert "Plain text: line breaks are kept as you type them" in page


def test_saving_a_content_says_so(client, instructor):
    module = ModuleFactory(course=CourseFactory(owner=instructor))
    url = reverse("courses:module_content_create", args=[module.pk, "text"])

    response = client.post(url, {"title": "Lesson", "content": "Hi"}, follow=True)

    assert "“Lesson” saved." in response.text
