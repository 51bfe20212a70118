"""A course's owner on its student pages: a preview of what the students see,
with no marks (instructors are not students of their own course).

Whether the visitor owns the course is read from the database with every
request; only the shared part of the page is cached, and it is the same for
the owner and the students.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content
from students.models import Completion
from students.views import StudentCourseDetailView

pytestmark = pytest.mark.django_db

BANNER = "Preview:</strong> this is what your students see."


@pytest.fixture
def owner(client):
    owner = InstructorFactory()
    client.force_login(owner)
    return owner


@pytest.fixture
def module(owner):
    module = ModuleFactory(course=CourseFactory(owner=owner))
    add_content(module, title="Lesson one")
    return module


def page_url(module) -> str:
    return reverse("students:student_course_module", args=[module.course_id, module.pk])


def page_of(client, module) -> str:
    response = client.get(page_url(module))
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_sees_a_preview_banner_on_their_courses_student_page(client, module):
    html = page_of(client, module)

    assert BANNER in html
    assert "Lesson one" in html


def test_the_owner_also_opens_the_course_page_without_a_module(client, module):
    url = reverse("students:student_course_detail", args=[module.course_id])

    html = client.get(url).content.decode()

    assert BANNER in html
    assert "Lesson one" in html


def test_the_owner_sees_no_mark_as_done_buttons_and_no_progress(client, module):
    html = page_of(client, module)

    assert "Mark as done" not in html
    assert "Mark as not done" not in html
    assert "content-marks" not in html
    assert "<progress" not in html
    assert "of 1 done" not in html


def test_a_student_of_the_same_course_sees_no_banner_and_their_buttons(client, module):
    page_of(client, module)  # the owner's visit fills the cache first
    student = UserFactory()
    module.course.students.add(student)
    client.force_login(student)

    html = page_of(client, module)

    assert BANNER not in html
    assert "Mark as done" in html
    assert "0 of 1 done" in html


def test_the_owner_sees_the_preview_after_a_students_visit_filled_the_cache(
    client, owner, module
):
    student = UserFactory()
    module.course.students.add(student)
    client.force_login(student)
    assert "Mark as done" in page_of(client, module)

    client.force_login(owner)
    html = page_of(client, module)

    assert BANNER in html
    assert "Mark as done" not in html


def test_an_owner_enrolled_in_their_own_course_still_gets_the_preview(
    client, owner, module
):
    module.course.students.add(owner)

    html = page_of(client, module)

    assert BANNER in html
    assert "Mark as done" not in html


def test_an_owner_whose_course_passes_to_someone_else_is_refused_at_once(
    client, module, committed
):
    page_of(client, module)

    with committed():
        module.course.owner = InstructorFactory()
        module.course.save()

    assert client.get(page_url(module)).status_code == 404


def test_another_instructor_who_is_not_enrolled_still_gets_404(client, module):
    client.force_login(InstructorFactory())

    assert client.get(page_url(module)).status_code == 404


def test_the_owner_cannot_mark_a_content_of_their_course_done(client, owner, module):
    content = module.contents.get()

    response = client.post(
        reverse("students:content_done", args=[content.pk]), {"done": "1"}
    )

    assert response.status_code == 404
    assert not Completion.objects.filter(student=owner, content=content).exists()


def test_the_preview_holds_when_the_user_was_loaded_before_the_page(owner, module):
    # The page's own query (students.progress.OPEN_COURSE_WITH_DONE_IDS) when the
    # user did not come with the course: it tells the owner too.
    request = RequestFactory().get(page_url(module))
    request.user = owner
    view = StudentCourseDetailView.as_view()

    response = view(request, pk=module.course_id, module_id=module.pk)

    html = response.render().content.decode()
    assert BANNER in html
    assert "Mark as done" not in html


def test_a_stranger_loaded_before_the_page_still_gets_404(module):
    request = RequestFactory().get(page_url(module))
    request.user = UserFactory()
    view = StudentCourseDetailView.as_view()

    with pytest.raises(Http404):
        view(request, pk=module.course_id, module_id=module.pk)


def test_the_course_overview_offers_its_owner_a_preview_not_enrolment(client, module):
    html = client.get(module.course.get_absolute_url()).content.decode()

    assert "Enrol now" not in html
    assert "Preview as a student" in html
    assert reverse("students:student_course_detail", args=[module.course_id]) in html


def test_anonymous_visitors_are_still_sent_to_log_in(module):
    request = RequestFactory().get(page_url(module))
    request.user = AnonymousUser()

    response = StudentCourseDetailView.as_view()(
        request, pk=module.course_id, module_id=module.pk
    )

    assert response.status_code == 302


def test_the_owner_enrolling_in_their_own_course_gets_the_preview_not_a_place(
    client, owner, module
):
    response = client.post(
        reverse("students:student_enroll_course"), {"course": module.course_id}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "students:student_course_detail", args=[module.course_id]
    )
    assert not module.course.students.exists()
    assert "you see its pages as a preview" in page_of(client, module)
