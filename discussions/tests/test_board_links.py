"""The ways to a course's board: the student course page, the chat room, and
the instructor's course list with the posts waiting for their answer."""

import re

from django.test import Client
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory
from discussions.tests.factories import CommentFactory, PostFactory


def page_of(user, path) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def board_link(course) -> str:
    return f'href="{reverse("discussions:post_list", args=[course.pk])}"'


def test_the_course_page_links_to_the_board_for_students_and_owner(
    course, student, owner
):
    ModuleFactory(course=course)
    path = reverse("students:student_course_detail", args=[course.pk])
    for user in (student, owner):
        assert board_link(course) in page_of(user, path)


def test_the_chat_room_links_to_the_board(course, student):
    path = reverse("chat:course_chat_room", args=[course.pk])
    assert board_link(course) in page_of(student, path)


def unanswered_of(html: str, course) -> str | None:
    """The "(n unanswered)" after the course's board link, if any."""
    found = re.search(
        re.escape(board_link(course)) + r'>Discussion(?: <span class="unanswered">'
        r"\((\d+) unanswered\)</span>)?</a>",
        html,
    )
    assert found, "no board link"
    return found.group(1)


def test_my_courses_count_the_posts_waiting_for_my_answer(db):
    instructor = InstructorFactory()
    course, quiet = CourseFactory(owner=instructor), CourseFactory(owner=instructor)
    students = UserFactory.create_batch(2)
    course.students.add(*students)
    PostFactory(course=course, author=students[0])  # no comment at all
    # Another student's comment is no answer from the instructor.
    CommentFactory(
        post=PostFactory(course=course, author=students[0]), author=students[1]
    )
    answered = PostFactory(course=course, author=students[1])
    CommentFactory(post=answered, author=students[0])
    CommentFactory(post=answered, author=instructor)
    PostFactory(course=course, author=instructor)  # an announcement asks nothing
    # Someone else's course, and its posts, are not counted for this one.
    PostFactory.create_batch(3)

    html = page_of(instructor, reverse("courses:manage_course_list"))

    assert unanswered_of(html, course) == "2"
    assert unanswered_of(html, quiet) is None


def test_my_courses_page_counts_them_in_one_query_at_any_size(
    size, django_assert_num_queries
):
    instructor = InstructorFactory()
    for _ in range(size):
        course = CourseFactory(owner=instructor)
        ModuleFactory(course=course)
        student = UserFactory()
        course.students.add(student)
        for _ in range(size):
            PostFactory(course=course, author=student)
        CommentFactory(post=course.posts.first(), author=instructor)
    client = Client()
    client.force_login(instructor)

    # The user with their permissions + the courses with subjects and counts +
    # their modules + the unanswered posts of them all.
    with django_assert_num_queries(4):
        html = client.get(reverse("courses:manage_course_list")).content.decode()

    assert html.count(f"({size - 1} unanswered)") == size
