import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_subject_form_prepopulates_the_slug(admin_client):
    response = admin_client.get(reverse("admin:courses_subject_add"))

    assert response.context["adminform"].prepopulated_fields[0]["field"].name == "slug"


def test_courses_are_filtered_by_subject_and_searched(admin_client):
    maths = SubjectFactory(title="Maths")
    CourseFactory(title="Algebra", subject=maths)
    CourseFactory(title="Guitar")
    url = reverse("admin:courses_course_changelist")

    by_subject = admin_client.get(url, {"subject__id__exact": maths.pk})
    searched = admin_client.get(url, {"q": "guit"})

    assert [c.title for c in by_subject.context["cl"].result_list] == ["Algebra"]
    assert [c.title for c in searched.context["cl"].result_list] == ["Guitar"]


def test_a_course_page_edits_its_modules_inline(admin_client):
    module = ModuleFactory(title="Intro")

    response = admin_client.get(
        reverse("admin:courses_course_change", args=[module.course.pk])
    )

    assert response.status_code == 200
    assert "Intro" in response.content.decode()
    assert "modules-TOTAL_FORMS" in response.content.decode()
