"""Who may reach the CMS pages: owners only; others 404, students 403, anonymous
to the login page. Every URL, GET and POST."""

import pytest
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.models import Content, Course, Module, Text
from courses.tests.factories import ModuleFactory, add_content


@pytest.fixture
def owned(db):
    """An instructor's course with a module holding one text."""
    module = ModuleFactory()
    content = add_content(module)
    return module.course, module, content


def cms_urls(course, module, content):
    text = content.object_id
    return [
        reverse("courses:manage_course_list"),
        reverse("courses:course_create"),
        reverse("courses:course_edit", args=[course.pk]),
        reverse("courses:course_delete", args=[course.pk]),
        reverse("courses:course_module_update", args=[course.pk]),
        reverse("courses:module_content_list", args=[module.pk]),
        reverse("courses:module_content_create", args=[module.pk, "text"]),
        reverse("courses:module_content_update", args=[module.pk, "text", text]),
        reverse("courses:module_content_delete", args=[content.pk]),
        reverse("courses:module_order"),
        reverse("courses:content_order"),
    ]


# The pages that show or change one object: another instructor gets a 404 there.
OBJECT_URLS = slice(2, 9)
GET_ONLY = "/course/module/{}/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_the_login_page(client, owned, method):
    for url in cms_urls(*owned):
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_student_without_the_permissions_gets_403(client, owned, method):
    client.force_login(UserFactory())

    for url in cms_urls(*owned):
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_instructors_objects_are_404(client, owned, method):
    client.force_login(InstructorFactory())

    course, module, content = owned
    wrong_method = GET_ONLY.format(module.pk) if method == "post" else None
    for url in cms_urls(*owned)[OBJECT_URLS]:
        expected = 405 if url == wrong_method else 404
        assert getattr(client, method)(url).status_code == expected, url
    # ...and nothing of the owner's was changed or deleted.
    assert Course.objects.filter(pk=course.pk, title=course.title).exists()
    assert Module.objects.filter(pk=module.pk).exists()
    assert Content.objects.filter(pk=content.pk).exists()
    assert Text.objects.filter(pk=content.object_id).exists()


def test_another_instructors_list_does_not_show_my_course(client, owned):
    client.force_login(InstructorFactory())

    response = client.get(reverse("courses:manage_course_list"))

    assert owned[0].title not in response.content.decode()


def test_an_item_of_another_module_is_404_through_my_module(client, owned):
    course, module, content = owned
    client.force_login(course.owner)
    my_other_module = ModuleFactory(course=course)

    url = reverse(
        "courses:module_content_update",
        args=[my_other_module.pk, "text", content.object_id],
    )

    assert client.get(url).status_code == 404


def test_an_unknown_content_kind_is_404(client, owned):
    course, module, _ = owned
    client.force_login(course.owner)

    for kind in ["course", "user", "content", "nonsense"]:
        url = reverse("courses:module_content_create", args=[module.pk, kind])
        assert client.get(url).status_code == 404, kind


def test_deleting_content_asks_first_and_deletes_only_on_the_confirming_post(
    client, owned
):
    course, module, content = owned
    client.force_login(course.owner)
    url = reverse("courses:module_content_delete", args=[content.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert f"Delete “{content.item.title}”?" in asked.content.decode()
    assert Content.objects.filter(pk=content.pk).exists()

    deleted = client.post(url, follow=True)
    assert deleted.redirect_chain == [(module.get_absolute_url(), 302)]
    assert f"“{content.item.title}” deleted." in deleted.content.decode()
    assert not Content.objects.filter(pk=content.pk).exists()


def test_unknown_ids_are_404_not_500(client, owned):
    client.force_login(owned[0].owner)

    assert client.get(reverse("courses:course_edit", args=[999999])).status_code == 404
    assert client.get("/course/module/abc/").status_code == 404


def test_the_owner_reaches_every_page(client, owned):
    client.force_login(owned[0].owner)

    for url in cms_urls(*owned)[:8]:
        assert client.get(url).status_code == 200, url


def test_only_instructors_see_the_my_courses_link(client, owned):
    client.force_login(UserFactory())
    catalogue = reverse("courses:course_list")
    assert "My courses" not in client.get(catalogue).content.decode()

    client.force_login(owned[0].owner)
    assert "My courses" in client.get(catalogue).content.decode()
