"""The courses API: subjects, courses, enrolment and contents."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    VideoFactory,
    add_content,
)

pytestmark = pytest.mark.django_db

SUBJECTS = reverse("api:subject-list")
COURSES = reverse("api:course-list")


def enroll_url(course):
    return reverse("api:course-enroll", args=[course.pk])


def contents_url(course):
    return reverse("api:course-contents", args=[course.pk])


def test_subjects_show_their_number_of_courses(api_client):
    maths = SubjectFactory(title="Mathematics", slug="mathematics")
    CourseFactory.create_batch(2, subject=maths)

    body = api_client.get(SUBJECTS).json()

    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": maths.pk,
            "title": "Mathematics",
            "slug": "mathematics",
            "total_courses": 2,
        }
    ]
    detail = api_client.get(reverse("api:subject-detail", args=[maths.pk])).json()
    assert detail["total_courses"] == 2


def test_a_course_comes_with_its_owner_and_modules_in_order(api_client):
    course = CourseFactory(owner__first_name="Ada", owner__last_name="L")
    ModuleFactory(course=course, title="Second", order=2, description="Then")
    ModuleFactory(course=course, title="First", order=1, description="Start")

    body = api_client.get(reverse("api:course-detail", args=[course.pk])).json()

    assert body["owner"] == {
        "id": course.owner.pk,
        "username": course.owner.username,
        "name": "Ada L",
    }
    assert body["subject"] == course.subject.slug
    assert body["modules"] == [
        {"order": 1, "title": "First", "description": "Start"},
        {"order": 2, "title": "Second", "description": "Then"},
    ]


def test_courses_filter_by_subject_slug(api_client):
    maths, music = SubjectFactory(), SubjectFactory()
    CourseFactory(subject=maths, title="Algebra")
    CourseFactory(subject=music, title="Harmony")

    body = api_client.get(COURSES, {"subject": music.slug}).json()

    assert [c["title"] for c in body["results"]] == ["Harmony"]
    assert api_client.get(COURSES, {"subject": "nope"}).json()["count"] == 0


def test_the_course_list_is_paginated(api_client):
    CourseFactory.create_batch(21)

    body = api_client.get(COURSES).json()

    assert body["count"] == 21
    assert len(body["results"]) == 20
    assert body["next"]
    assert body["previous"] is None


def test_an_unknown_course_is_a_json_404(api_client, auth_api_client):
    for client, url in [
        (api_client, reverse("api:course-detail", args=[999999])),
        (auth_api_client, reverse("api:course-enroll", args=[999999])),
        (auth_api_client, reverse("api:course-contents", args=[999999])),
    ]:
        response = client.generic("POST" if "enroll" in url else "GET", url)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_enrolling_is_idempotent(auth_api_client):
    course = CourseFactory()

    first = auth_api_client.post(enroll_url(course))
    second = auth_api_client.post(enroll_url(course))

    assert first.status_code == second.status_code == 200
    assert first.json() == {"enrolled": True}
    assert list(course.students.all()) == [auth_api_client.user]


def test_enrolling_needs_a_token(api_client):
    course = CourseFactory()

    assert api_client.post(enroll_url(course)).status_code == 401
    assert not course.students.exists()


def test_the_course_list_is_read_only(auth_api_client):
    assert auth_api_client.post(COURSES, {"title": "x"}).status_code == 405
    course = CourseFactory()
    detail = reverse("api:course-detail", args=[course.pk])
    assert auth_api_client.delete(detail).status_code == 405


@pytest.fixture
def course_with_contents():
    course = CourseFactory()
    first = ModuleFactory(course=course, title="One")
    second = ModuleFactory(course=course, title="Two")
    add_content(first, title="Hello", content="Hi <b>there</b>")
    add_content(first, VideoFactory, title="Clip")
    add_content(second, title="Later")
    return course


def test_an_enrolled_student_reads_the_contents_rendered(
    auth_api_client, course_with_contents
):
    course_with_contents.students.add(auth_api_client.user)

    response = auth_api_client.get(contents_url(course_with_contents))

    assert response.status_code == 200
    modules = response.json()["modules"]
    assert [m["title"] for m in modules] == ["One", "Two"]
    first = modules[0]["contents"]
    assert [c["order"] for c in first] == [0, 1]
    assert [c["item"]["type"] for c in first] == ["text", "video"]
    assert first[0]["item"]["title"] == "Hello"
    assert "Hi &lt;b&gt;there&lt;/b&gt;" in first[0]["item"]["rendered"]
    assert "https://www.youtube.com/embed/" in first[1]["item"]["rendered"]
    assert [c["item"]["title"] for c in modules[1]["contents"]] == ["Later"]


def test_the_api_renders_contents_as_the_student_page_does(
    client, auth_api_client, course_with_contents
):
    course_with_contents.students.add(auth_api_client.user)
    client.force_login(auth_api_client.user)
    module = course_with_contents.modules.first()
    page = client.get(
        reverse(
            "students:student_course_module", args=[course_with_contents.pk, module.pk]
        )
    ).content.decode()

    body = auth_api_client.get(contents_url(course_with_contents)).json()

    for content in body["modules"][0]["contents"]:
        assert content["item"]["rendered"] in page


def test_the_owner_reads_the_contents_too(api_client, course_with_contents):
    api_client.force_authenticate(course_with_contents.owner)

    assert api_client.get(contents_url(course_with_contents)).status_code == 200


def test_someone_not_enrolled_gets_403_and_anonymous_401(
    api_client, auth_api_client, course_with_contents
):
    refused = auth_api_client.get(contents_url(course_with_contents))

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Enrol in this course to see its contents."
    assert api_client.get(contents_url(course_with_contents)).status_code == 401


def test_contents_show_an_edit_at_once(
    auth_api_client, course_with_contents, django_capture_on_commit_callbacks
):
    course_with_contents.students.add(auth_api_client.user)
    auth_api_client.get(contents_url(course_with_contents))  # warms the cache
    text = course_with_contents.modules.first().contents.first().item

    with django_capture_on_commit_callbacks(execute=True):
        text.title = "Edited"
        text.save()

    body = auth_api_client.get(contents_url(course_with_contents)).json()
    assert body["modules"][0]["contents"][0]["item"]["title"] == "Edited"


def test_the_web_page_and_the_api_let_in_the_same_people(
    client, api_client, course_with_contents
):
    """One rule (Course.open_to) decides for both: owner and students in."""
    student, stranger = UserFactory(), UserFactory()
    course_with_contents.students.add(student)
    page = reverse("students:student_course_detail", args=[course_with_contents.pk])

    for user, allowed in [
        (course_with_contents.owner, True),
        (student, True),
        (stranger, False),
    ]:
        client.force_login(user)
        api_client.force_authenticate(user)
        assert (client.get(page).status_code == 200) is allowed
        assert (
            api_client.get(contents_url(course_with_contents)).status_code == 200
        ) is allowed


@pytest.mark.parametrize("subject", ["a\x00b", "not a slug!"])
def test_a_bad_subject_filter_is_a_400_naming_the_field(api_client, subject):
    response = api_client.get(COURSES, {"subject": subject})

    assert response.status_code == 400
    assert "subject" in response.json()
