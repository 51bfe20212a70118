"""Journeys across pages: a student who studied a course, then left it (or was
removed from it), is refused everywhere on the very next request."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content

# Committed for real, as in production: the caches are retired on commit, and
# nothing here runs the on-commit callbacks by hand.
pytestmark = pytest.mark.django_db(transaction=True)


def leave_on_the_site(course, student, browser, api):
    response = browser.post(
        reverse("students:student_unenroll_course"), {"course": course.pk}
    )
    assert response.status_code == 302


def leave_through_the_api(course, student, browser, api):
    assert api.delete(reverse("api:course-enroll", args=[course.pk])).status_code == 204


def removed_by_the_owner(course, student, browser, api):
    owner = Client()
    owner.force_login(course.owner)
    url = reverse("courses:course_student_remove", args=[course.pk, student.pk])
    assert owner.post(url).status_code == 302


@pytest.fixture(params=["retired", "retirement lost"])
def retirement(request, monkeypatch):
    """The cache retired as it should, or its retirement lost (as when memcached
    misses the write): access is decided by the database either way."""
    if request.param == "retirement lost":
        monkeypatch.setattr("courses.signals.course_entries_retire", lambda ids: None)
        monkeypatch.setattr("courses.signals.catalogue_retire", lambda: None)


@pytest.mark.parametrize(
    "leave", [leave_on_the_site, leave_through_the_api, removed_by_the_owner]
)
def test_a_student_who_leaves_is_refused_every_page_of_the_course_at_once(
    leave, retirement
):
    course = CourseFactory()
    modules = [ModuleFactory(course=course) for _ in range(2)]
    content = add_content(modules[0])
    student = UserFactory()
    course.students.add(student)
    browser = Client()
    browser.force_login(student)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    pages = [
        reverse("students:student_course_detail", args=[course.pk]),
        *(
            reverse("students:student_course_module", args=[course.pk, module.pk])
            for module in modules
        ),
        reverse("chat:course_chat_room", args=[course.pk]),
    ]
    contents = reverse("api:course-contents", args=[course.pk])
    done = reverse("students:content_done", args=[content.pk])
    my_courses = reverse("students:student_course_list")
    for _ in range(2):  # the second time, from the caches where there are some
        for url in pages:
            assert browser.get(url).status_code == 200, url
        assert api.get(contents).status_code == 200
        assert browser.get(course.get_absolute_url()).status_code == 200
    assert (
        "You are enrolled." in browser.get(course.get_absolute_url()).content.decode()
    )
    assert browser.post(done, {"done": "1"}).status_code == 302
    assert f'href="{pages[0]}"' in browser.get(my_courses).content.decode()

    leave(course, student, browser, api)

    # The very next request to each page, however the cache behaved.
    for url in pages:
        assert browser.get(url).status_code == 404, url
    assert api.get(contents).status_code == 403
    assert browser.get(contents).status_code == 403
    assert browser.post(done, {"done": "0"}).status_code == 404
    page = browser.get(course.get_absolute_url()).content.decode()
    assert "You are enrolled." not in page
    assert "Enrol now" in page
    assert f'href="{pages[0]}"' not in browser.get(my_courses).content.decode()
