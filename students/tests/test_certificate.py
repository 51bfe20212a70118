"""The certificate of a completed course: a one-page PDF for its student only."""

import io
import logging
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from courses.services import enrollment_delete
from courses.tests.factories import CourseFactory, ModuleFactory, add_content
from students import certificates
from students.certificates import Certificate, certificate_pdf
from students.models import CourseCompletion
from students.services import completion_set

A_DAY = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def certificate_url(course) -> str:
    return reverse("students:course_certificate", args=[course.pk])


def finish(student, course) -> None:
    """The student joins `course` and does its one content (added if none)."""
    course.students.add(student)
    module = course.modules.first() or ModuleFactory(course=course)
    content = module.contents.first() or add_content(module)
    completion_set(student=student, content=content, done=True)
    CourseCompletion.objects.filter(student=student, course=course).update(
        completed=A_DAY
    )


def pdf_text(data: bytes) -> tuple[int, str]:
    """(number of pages, the text of the whole PDF, lines joined by spaces)."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.fixture
def course(db):
    owner = UserFactory(first_name="Σωκράτης", last_name="Παπαδόπουλος")
    return CourseFactory(owner=owner, title="Django für Anfänger", slug="django-fur")


def test_the_certificate_is_a_one_page_pdf_naming_student_course_instructor_date(
    client, course
):
    student = UserFactory(first_name="Zoë", last_name="Łukasiewicz")
    client.force_login(student)
    finish(student, course)

    response = client.get(certificate_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="certificate-django-fur.pdf"'
    )
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Zoë Łukasiewicz" in text
    assert "Django für Anfänger" in text
    assert "Σωκράτης Παπαδόπουλος" in text
    assert "14 March 2026" in text


def test_a_student_without_a_full_name_is_named_by_username(client, course):
    student = UserFactory(username="Ωmega_Жук", first_name="", last_name="")
    client.force_login(student)
    finish(student, course)

    _, text = pdf_text(client.get(certificate_url(course)).content)

    assert "Ωmega_Жук" in text


def test_an_instructor_without_a_full_name_is_named_by_username(client, db):
    course = CourseFactory(owner=UserFactory(first_name="", last_name=""))
    student = UserFactory()
    client.force_login(student)
    finish(student, course)

    _, text = pdf_text(client.get(certificate_url(course)).content)

    assert f"taught by {course.owner.username}" in text


def test_the_longest_names_and_title_still_fit_on_one_page():
    student = "Łukasz-Bartholomew " * 15 + "W" * 60  # no space to wrap at
    title = ("A very long course title about many things " * 5)[:200]
    instructor = "Константин Константинопольский " * 9

    pages, text = pdf_text(
        certificate_pdf(Certificate(student, title, instructor, A_DAY))
    )

    assert pages == 1
    # Every word is there (wrapped, so compared without the line breaks).
    assert "".join(text.split()).count("Łukasz-Bartholomew") == 15
    assert "".join(title.split()) in "".join(text.split())
    assert "14 March 2026" in text


def test_chinese_and_japanese_names_and_titles_are_printed(client, db):
    owner = UserFactory(first_name="山田", last_name="花子")
    course = CourseFactory(owner=owner, title="入门课程: Django")
    student = UserFactory(first_name="李", last_name="小龍")
    client.force_login(student)
    finish(student, course)

    _, text = pdf_text(client.get(certificate_url(course)).content)

    assert "李 小龍" in text
    assert "入门课程: Django" in text
    assert "taught by 山田 花子" in text


def test_a_name_no_font_draws_right_gives_way_to_a_drawable_username(client, course):
    # Hebrew: the fonts hold no such letters, and fpdf2 would not set them
    # right to left without uharfbuzz.
    student = UserFactory(username="dana_levi", first_name="דנה", last_name="לוי")
    client.force_login(student)
    finish(student, course)

    _, text = pdf_text(client.get(certificate_url(course)).content)

    assert "This certifies that dana_levi has completed" in text


def test_a_name_and_username_no_font_draws_are_printed_as_far_as_they_go(
    client, course, caplog
):
    student = UserFactory(username="민준_Kim", first_name="", last_name="")
    client.force_login(student)
    finish(student, course)

    with caplog.at_level(logging.WARNING, logger="students.certificates"):
        response = client.get(certificate_url(course))

    assert response.status_code == 200
    assert "_Kim" in pdf_text(response.content)[1]
    assert "민준" in caplog.text


def test_the_certificate_is_served_once_the_content_left_undone_is_deleted(
    client, student, course
):
    module = ModuleFactory(course=course)
    course.students.add(student)
    done, left = add_content(module), add_content(module)
    completion_set(student=student, content=done, done=True)
    assert client.get(certificate_url(course)).status_code == 404

    left.delete()  # by the owner; the student opens no course page after it

    response = client.get(certificate_url(course))
    assert response.status_code == 200
    assert CourseCompletion.objects.filter(student=student, course=course).exists()


# Built once for what it prints.


@pytest.fixture
def builds(monkeypatch):
    """The certificates built, by the name they print."""
    built = []

    def counted(certificate):
        built.append(certificate.student)
        return certificate_pdf(certificate)

    monkeypatch.setattr(certificates, "certificate_pdf", counted)
    return built


def test_a_second_request_serves_the_pdf_built_for_the_first(
    client, student, course, builds
):
    finish(student, course)

    first = client.get(certificate_url(course))
    second = client.get(certificate_url(course))

    assert second.content == first.content
    assert builds == [student.display_name]
    assert second["Cache-Control"] == "private"


def test_a_change_of_name_builds_the_certificate_again(client, student, course, builds):
    finish(student, course)
    client.get(certificate_url(course))

    student.first_name, student.last_name = "Renamed", "Person"
    student.save()
    response = client.get(certificate_url(course))

    assert builds == [builds[0], "Renamed Person"]
    assert "Renamed Person" in pdf_text(response.content)[1]


def test_a_certificate_the_browser_has_is_not_modified(client, student, course, builds):
    finish(student, course)
    etag = client.get(certificate_url(course))["ETag"]

    response = client.get(certificate_url(course), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert len(builds) == 1


# Who gets it: a current student of the course with a completion, nobody else.


def test_before_completion_the_certificate_is_404(client, student, course):
    module = ModuleFactory(course=course)
    course.students.add(student)
    first, _ = add_content(module), add_content(module)
    completion_set(student=student, content=first, done=True)

    assert client.get(certificate_url(course)).status_code == 404


def test_another_students_certificate_is_404(client, student, course):
    finish(UserFactory(), course)
    course.students.add(student)  # a student of the course, not done

    assert client.get(certificate_url(course)).status_code == 404


def test_the_owner_gets_no_certificate(client, course):
    finish(UserFactory(), course)
    client.force_login(course.owner)

    assert client.get(certificate_url(course)).status_code == 404


def test_after_leaving_the_course_its_certificate_is_404(client, student, course):
    finish(student, course)
    assert client.get(certificate_url(course)).status_code == 200

    enrollment_delete(student=student, course=course)

    assert client.get(certificate_url(course)).status_code == 404
    # Recorded still: joining again brings it back.
    course.students.add(student)
    assert client.get(certificate_url(course)).status_code == 200


def test_an_unknown_course_is_404(client, student):
    assert client.get("/students/course/999999/certificate/").status_code == 404
    assert client.get(f"/students/course/{2**70}/certificate/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, course):
    response = client.get(certificate_url(course))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_certificate_takes_no_post(client, student, course):
    finish(student, course)

    assert client.post(certificate_url(course)).status_code == 405


def test_the_certificate_runs_two_queries(
    client, student, course, django_assert_num_queries
):
    finish(student, course)

    # The user + their completion if they study the course, with the course
    # and its owner.
    with django_assert_num_queries(2):
        response = client.get(certificate_url(course))

    assert response.status_code == 200
