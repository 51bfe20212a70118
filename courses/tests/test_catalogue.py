"""The public catalogue: `/`, `/subject/<slug>/` and `/course/<slug>/`."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.caching import COURSES_PER_PAGE
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory

CATALOGUE = reverse("courses:course_list")

pytestmark = pytest.mark.django_db


def subject_url(subject):
    return reverse("courses:course_list_subject", args=[subject.slug])


def test_the_catalogue_lists_subjects_with_course_counts_and_courses_with_details(
    client,
):
    maths = SubjectFactory(title="Mathematics", slug="mathematics")
    SubjectFactory(title="Music", slug="music")
    algebra = CourseFactory(
        subject=maths, title="Algebra", owner__first_name="Ada", owner__last_name="L"
    )
    ModuleFactory.create_batch(3, course=algebra)
    algebra.students.add(UserFactory(), UserFactory())

    page = client.get(CATALOGUE)

    assert page.status_code == 200
    subjects = {s["title"]: s["total_courses"] for s in page.context["subjects"]}
    assert subjects == {"Mathematics": 1, "Music": 0}
    [row] = page.context["page"].courses
    assert row["title"] == "Algebra"
    assert row["module_count"] == 3
    assert row["instructor"] == "Ada L"
    html = page.content.decode()
    assert "3 modules" in html
    # Student counts are on each course's own page only (docs/caching.md).
    assert "2 students" not in html
    assert "by Ada L" in html
    assert algebra.get_absolute_url() in html


def test_an_instructor_without_a_name_shows_as_their_username(client):
    CourseFactory(owner__first_name="", owner__last_name="", owner__username="prof")

    assert "by prof" in client.get(CATALOGUE).content.decode()


def test_a_subject_page_lists_only_that_subjects_courses(client):
    maths, music = SubjectFactory(), SubjectFactory()
    CourseFactory(subject=maths, title="Algebra")
    CourseFactory(subject=music, title="Harmony")

    page = client.get(subject_url(music))

    assert [c["title"] for c in page.context["page"].courses] == ["Harmony"]
    assert page.context["subject"]["slug"] == music.slug


def test_an_unknown_subject_is_404(client):
    SubjectFactory(slug="music")

    assert client.get("/subject/no-such-subject/").status_code == 404


def test_the_newest_courses_come_first_a_page_at_a_time(client):
    courses = CourseFactory.create_batch(COURSES_PER_PAGE + 1)

    first = client.get(CATALOGUE).context["page"]
    second = client.get(CATALOGUE, {"page": 2}).context["page"]

    assert [c["id"] for c in first.courses] == [c.pk for c in reversed(courses[1:])]
    assert [c["id"] for c in second.courses] == [courses[0].pk]
    assert (first.has_next, second.has_previous, second.has_next) == (
        True,
        True,
        False,
    )


@pytest.mark.parametrize("number", ["0", "3", "abc", "-1", "1.5", "9" * 5000, "²"])
def test_a_page_that_does_not_exist_is_404(client, number):
    CourseFactory()

    assert client.get(CATALOGUE, {"page": number}).status_code == 404


def test_an_empty_catalogue_says_so(client):
    html = client.get(CATALOGUE).content.decode()

    assert "No subjects yet." in html
    assert "No courses yet" in html


def test_an_empty_subject_links_back_to_all_courses(client):
    music = SubjectFactory(title="Music")

    html = client.get(subject_url(music)).content.decode()

    assert "No courses in Music yet." in html
    assert f'href="{CATALOGUE}"' in html


def test_the_course_page_shows_the_overview_and_the_modules_in_order(client):
    course = CourseFactory(overview="All about sets.")
    ModuleFactory(course=course, title="Second", order=2)
    ModuleFactory(course=course, title="First", order=1)

    html = client.get(course.get_absolute_url()).content.decode()

    assert "All about sets." in html
    assert html.index("First") < html.index("Second")


def test_a_visitor_is_offered_to_register_and_a_student_to_enrol(client):
    course = CourseFactory()
    url = course.get_absolute_url()

    anonymous = client.get(url).content.decode()
    client.force_login(UserFactory())
    logged_in = client.get(url).content.decode()

    assert reverse("students:student_registration") in anonymous
    assert "Enrol now" not in anonymous
    assert "Enrol now" in logged_in
    assert reverse("students:student_enroll_course") in logged_in


def test_an_enrolled_student_gets_a_link_to_continue(client):
    course, student = CourseFactory(), UserFactory()
    course.students.add(student)
    client.force_login(student)

    html = client.get(course.get_absolute_url()).content.decode()

    assert "Enrol now" not in html
    assert reverse("students:student_course_detail", args=[course.pk]) in html


def test_a_course_without_modules_says_so(client):
    course = CourseFactory()

    assert "no modules yet" in client.get(course.get_absolute_url()).content.decode()


def test_an_unknown_course_is_404(client):
    assert client.get("/course/no-such-course/").status_code == 404
