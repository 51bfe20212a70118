"""A student's courses and the module pages that render each kind of content."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import (
    CourseFactory,
    FileFactory,
    ImageFactory,
    ModuleFactory,
    VideoFactory,
    add_content,
)
from educa.tests.helpers import run_django

MY_COURSES = reverse("students:student_course_list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(student):
    module = ModuleFactory()
    module.course.students.add(student)
    return module


def module_url(module):
    return reverse("students:student_course_module", args=[module.course_id, module.pk])


def test_my_courses_lists_only_the_courses_i_joined(client, student):
    mine = CourseFactory(title="Joined course")
    mine.students.add(student)
    CourseFactory(title="Other course").students.add(UserFactory())

    html = client.get(MY_COURSES).content.decode()

    assert "Joined course" in html
    assert "Other course" not in html


def test_my_courses_says_how_to_find_a_course_when_empty(client, student):
    html = client.get(MY_COURSES).content.decode()

    assert "not enrolled in any course yet" in html
    assert reverse("courses:course_list") in html


def test_student_pages_send_anonymous_visitors_to_log_in(client):
    module = ModuleFactory()

    for url in [
        MY_COURSES,
        reverse("students:student_course_detail", args=[module.course_id]),
        module_url(module),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_course_i_am_not_enrolled_in_is_404(client, student):
    module = ModuleFactory()

    assert client.get(module_url(module)).status_code == 404
    detail = reverse("students:student_course_detail", args=[module.course_id])
    assert client.get(detail).status_code == 404


def test_a_module_of_another_course_is_404(client, module):
    other = ModuleFactory()

    url = reverse("students:student_course_module", args=[module.course_id, other.pk])
    assert client.get(url).status_code == 404


def test_the_course_page_opens_on_the_first_module(client, module):
    ModuleFactory(course=module.course, title="Later")
    add_content(module, title="First thing")

    url = reverse("students:student_course_detail", args=[module.course_id])
    response = client.get(url)

    assert response.context["module"]["id"] == module.pk
    assert "First thing" in response.content.decode()
    assert module_url(module.course.modules.last()) in response.content.decode()


def test_modules_link_to_the_previous_and_the_next(client, module):
    middle = ModuleFactory(course=module.course)
    last = ModuleFactory(course=module.course)

    context = client.get(module_url(middle)).context

    assert context["previous_module"]["id"] == module.pk
    assert context["next_module"]["id"] == last.pk


def test_a_text_keeps_its_line_breaks_and_escapes_html(client, module):
    add_content(module, content="Line one\nLine two <script>alert(1)</script>")

    html = client.get(module_url(module)).content.decode()

    assert "Line one<br>Line two" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_a_file_is_a_download_link(client, module):
    content = add_content(module, FileFactory, title="Notes")

    html = client.get(module_url(module)).content.decode()

    assert f'href="{content.item.file.url}" download' in html


def test_an_image_is_shown_inline(client, module):
    content = add_content(module, ImageFactory, title="Diagram")

    html = client.get(module_url(module)).content.decode()

    assert f'<img src="{content.item.file.url}" alt="Diagram"' in html


def test_a_video_is_embedded_from_its_player_address(client, module):
    add_content(module, VideoFactory, url="https://youtu.be/dQw4w9WgXcQ")

    html = client.get(module_url(module)).content.decode()

    assert '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"' in html


def test_an_empty_course_and_an_empty_module_say_so(client, student, committed):
    course = CourseFactory()
    course.students.add(student)
    detail = reverse("students:student_course_detail", args=[course.pk])
    assert "no modules yet" in client.get(detail).content.decode()

    with committed():
        module = ModuleFactory(course=course)
    assert "no contents yet" in client.get(module_url(module)).content.decode()


def test_uploaded_files_are_served_in_development(client, module):
    content = add_content(module, ImageFactory)

    response = client.get(content.item.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("debug", "served"), [("true", "yes"), ("false", "no")])
def test_django_serves_uploads_only_with_debug_on(debug, served):
    result = run_django(
        "from django.urls import Resolver404, resolve\n"
        "try:\n"
        "    resolve('/media/images/picture.png'); print('yes')\n"
        "except Resolver404:\n"
        "    print('no')\n",
        env={"DJANGO_DEBUG": debug, "DJANGO_SECRET_KEY": "k" * 50},
        settings_module="educa.settings",
    )

    assert result.stdout.split()[-1] == served, result.stderr
