"""The owner's view of a course's students (issue 19): each one's progress,
best quiz scores and last activity, sorted and paginated; how many finished
each module, as a chart and a table. Everyone else gets a 404, anonymous
visitors the login page."""

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.tests.factories import ModuleFactory, add_quiz
from students.tests.progress_data import (
    attempt,
    contents,
    course_of,
    enrol,
    later,
    mark,
    page_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    """An instructor, logged in on `client`."""
    user = InstructorFactory()
    client.force_login(user)
    return user


@pytest.fixture
def course(owner):
    """Two modules: three contents (two texts, a quiz), then two texts."""
    return course_of(owner, modules=2, texts=2, quizzes=1)


def rows_of(response) -> dict:
    return {row.student.username: row for row in response.context["rows"]}


def usernames(response) -> list[str]:
    return [row.student.username for row in response.context["rows"]]


# What a row says


def test_each_student_has_done_of_total_percent_best_score_and_last_activity(
    client, course
):
    ada = enrol(course, username="ada")
    enrol(course, username="bob")
    first, second, quiz_content, *_ = contents(course)
    mark(ada, first, at=later(1))
    mark(ada, second, at=later(3))
    quiz = quiz_content.item
    attempt(ada, quiz, 40, at=later(2))
    attempt(ada, quiz, 80, at=later(2))  # passed: the quiz is marked done
    mark(ada, quiz_content, at=later(2))

    response = client.get(page_url(course))

    assert response.status_code == 200
    rows = rows_of(response)
    assert (rows["ada"].done, rows["ada"].total, rows["ada"].percent) == (3, 5, 60)
    assert rows["ada"].last_activity == later(3)
    [score] = rows["ada"].quizzes
    assert (score.best_score, score.passed) == (80, True)
    assert (rows["bob"].done, rows["bob"].percent, rows["bob"].last_activity) == (
        0,
        0,
        None,
    )
    assert (rows["bob"].quizzes[0].best_score, rows["bob"].quizzes[0].passed) == (
        None,
        None,
    )
    html = response.content.decode()
    assert "3 / 5" in html
    assert "60%" in html
    assert "80% (passed)" in html
    when = '<time datetime="2025-03-13T09:00:00+00:00">13 Mar 2025, 09:00</time>'
    assert when in html
    assert "never" in html


def test_the_last_activity_can_be_a_quiz_attempt_after_every_mark(client, course):
    ada = enrol(course, username="ada")
    first, _, quiz_content, *_ = contents(course)
    mark(ada, first, at=later(1))
    attempt(ada, quiz_content.item, 20, at=later(5))  # failed: no mark

    row = rows_of(client.get(page_url(course)))["ada"]

    assert row.last_activity == later(5)
    assert (row.done, row.quizzes[0].best_score, row.quizzes[0].passed) == (
        1,
        20,
        False,
    )
    assert "20% (not passed)" in client.get(page_url(course)).content.decode()


def test_marks_and_attempts_in_other_courses_do_not_count(client, course):
    ada = enrol(course, username="ada")
    other = course_of(modules=1, texts=1, quizzes=1)
    other.students.add(ada)
    text, quiz_content = contents(other)
    mark(ada, text, at=later(9))
    attempt(ada, quiz_content.item, 100, at=later(9))

    row = rows_of(client.get(page_url(course)))["ada"]

    assert (row.done, row.last_activity, row.quizzes[0].best_score) == (0, None, None)


def test_only_the_courses_students_are_listed(client, course):
    enrol(course, username="ada")
    course_of().students.add(UserFactory(username="carl"))
    former = enrol(course, username="dan")
    course.students.remove(former)

    assert usernames(client.get(page_url(course))) == ["ada"]


def test_every_quiz_of_the_course_has_a_column_in_the_modules_order(client, owner):
    course = course_of(owner, modules=3, texts=1, quizzes=3)
    enrol(course)

    response = client.get(page_url(course))

    titles = [quiz.title for quiz in response.context["quizzes"]]
    assert titles == ["Quiz 1", "Quiz 2", "Quiz 3"]
    html = response.content.decode()
    assert [f"Best score: Quiz {n}" in html for n in (1, 2, 3)] == [True] * 3


def test_a_course_without_contents_shows_zero_percent(client, owner):
    course = course_of(owner, modules=1, texts=0, quizzes=0)
    enrol(course, username="ada")

    row = rows_of(client.get(page_url(course)))["ada"]

    assert (row.done, row.total, row.percent) == (0, 0, 0)


def test_a_course_without_students_says_so(client, course):
    html = client.get(page_url(course)).content.decode()

    assert "No one is enrolled in this course yet" in html
    assert "Download CSV" not in html


def test_names_and_titles_are_escaped(client, owner):
    course = course_of(owner, modules=0)
    module = ModuleFactory(course=course, title="<b>Bold</b> module")
    add_quiz(module, title="<script>alert(1)</script>")
    enrol(course, username="x", first_name="<script>", last_name="evil")

    html = client.get(page_url(course)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt; evil" in html
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; module" in html


# The remove buttons


def test_each_student_has_a_remove_button_that_comes_back_here(client, course):
    ada = enrol(course, username="ada")

    html = client.get(page_url(course, sort="-percent")).content.decode()

    remove = reverse("courses:course_student_remove", args=[course.pk, ada.pk])
    assert f'action="{remove}"' in html
    assert f'name="next" value="{page_url(course, sort="-percent")}"' in html


def test_removing_a_student_returns_to_the_same_sort_and_page(client, course):
    for n in range(52):
        enrol(course, username=f"s{n:02}")
    response = client.get(page_url(course, sort="-name", page=2))
    back = re.search(r'name="next" value="([^"]+)"', response.content.decode())[1]
    student = response.context["rows"][0].student

    removed = client.post(
        reverse("courses:course_student_remove", args=[course.pk, student.pk]),
        {"next": back.replace("&amp;", "&")},
    )

    assert removed.status_code == 302
    assert removed.url == page_url(course, sort="-name", page=2)
    assert not course.students.filter(pk=student.pk).exists()


def test_removing_the_last_student_of_a_page_returns_to_the_page_before(client, course):
    for n in range(51):
        enrol(course, username=f"s{n:02}")

    response = client.get(page_url(course, page=2))

    assert usernames(response) == ["s50"]
    assert response.context["back_url"] == page_url(course)


# Sorting


@pytest.fixture
def three(course):
    """ada: nothing done, never active; bob: 2 done, last on day 2; cyd: 1
    done, on day 7."""
    first, second, *_ = contents(course)
    ada, bob, cyd = (enrol(course, username=name) for name in ("ada", "bob", "cyd"))
    mark(bob, first, at=later(1))
    mark(bob, second, at=later(2))
    mark(cyd, first, at=later(7))
    return ada, bob, cyd


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["ada", "bob", "cyd"]),
        ("-name", ["cyd", "bob", "ada"]),
        ("percent", ["ada", "cyd", "bob"]),
        ("-percent", ["bob", "cyd", "ada"]),
        ("activity", ["ada", "bob", "cyd"]),  # never first
        ("-activity", ["cyd", "bob", "ada"]),  # never last
    ],
)
def test_the_students_sort_by_name_percent_and_last_activity(
    client, course, three, sort, expected
):
    assert usernames(client.get(page_url(course, sort=sort))) == expected


@pytest.mark.parametrize("sort", ["", "email", "-", "__class__", "name%00", "١"])
def test_an_unknown_sort_falls_back_to_names(client, course, three, sort):
    response = client.get(page_url(course, sort=sort))

    assert response.status_code == 200
    assert usernames(response) == ["ada", "bob", "cyd"]


def test_the_column_headers_link_to_each_sort_and_say_the_current_one(
    client, course, three
):
    html = client.get(page_url(course, sort="-percent")).content.decode()

    assert f'aria-sort="descending"><a href="{page_url(course, sort="percent")}"' in (
        html
    )
    assert f'aria-sort="none"><a href="{page_url(course)}">Student' in html
    assert f'aria-sort="none"><a href="{page_url(course, sort="-activity")}"' in html


# Pagination


def test_51_students_make_two_pages_of_50_and_1(client, course):
    for n in range(51):
        enrol(course, username=f"s{n:02}")

    first = client.get(page_url(course, sort="-name"))
    second = client.get(page_url(course, sort="-name", page=2))

    assert len(first.context["rows"]) == 50
    assert usernames(second) == ["s00"]
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert (
        f'href="{page_url(course, sort="-name", page=2)}"'.replace("&", "&amp;") in html
    )


@pytest.mark.parametrize("number", ["3", "0", "x", "١", "9" * 30])
def test_a_page_that_does_not_exist_is_a_404(client, course, number):
    enrol(course)

    assert client.get(page_url(course, page=number)).status_code == 404


# The modules' chart


def test_the_chart_counts_the_students_who_did_every_content_of_each_module(
    client, owner
):
    course = course_of(owner, modules=2, texts=2, quizzes=0)
    ModuleFactory(course=course, title="Empty module")
    m1a, m1b, m2a, m2b = contents(course)
    ada, bob, _ = (enrol(course, username=n) for n in ("ada", "bob", "cyd"))
    for content in (m1a, m1b, m2a):
        mark(ada, content)
    mark(bob, m1a)
    mark(bob, m1b)
    course_of(modules=1, texts=1, quizzes=0).students.add(ada)  # not counted

    response = client.get(page_url(course))

    bars = response.context["chart"]["bars"]
    assert [(b.module.title, b.module.finished, b.percent) for b in bars] == [
        ("Module 1", 2, 66),
        ("Module 2", 0, 0),
        ("Empty module", 0, 0),
    ]
    html = response.content.decode()
    svg = re.search(r"<svg .*?</svg>", html, re.S)[0]
    assert 'role="img"' in svg
    assert '<title id="chart-title">Students who finished each module' in svg
    # Each bar's number and title are text, readable without the colours.
    counts = re.findall(r'class="chart-count">([^<]*)</text>', svg)
    assert counts == ["2 of 3", "0 of 3", "no contents"]
    labels = re.findall(r'class="chart-label">([^<]*)</text>', svg)
    assert labels == ["1. Module 1", "2. Module 2", "3. Empty module"]
    # The bar for two of three students is two thirds of the longest.
    assert re.findall(r'class="chart-bar"', svg) == ['class="chart-bar"']
    assert 'width="293" height="16" class="chart-bar"' in svg
    # The table below gives the same numbers.
    table = re.search(r'class="data-table module-finishes">.*?</table>', html, re.S)[0]
    cells = re.findall(r"<td>([^<]*)", table)
    assert cells == ["2", "2 of 3", "66%", "2", "0 of 3", "0%", "0", "—", "—"]


def test_a_course_without_modules_says_so_instead_of_a_chart(client, owner):
    course = course_of(owner, modules=0)

    html = client.get(page_url(course)).content.decode()

    assert "<svg" not in html
    assert "This course has no modules yet." in html


# Who may see it


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    client.logout()

    response = client.get(page_url(course))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("output", ["", "?format=csv"])
def test_someone_elses_course_is_a_404(client, owner, output):
    other = course_of()

    assert client.get(page_url(other) + output).status_code == 404


@pytest.mark.parametrize("output", ["", "?format=csv"])
def test_the_courses_own_students_get_a_404(client, course, output):
    student = enrol(course)
    client.force_login(student)

    assert client.get(page_url(course) + output).status_code == 404


def test_an_unknown_course_is_a_404(client, owner):
    url = reverse("instructor:course_progress", args=[987654])

    assert client.get(url).status_code == 404


def test_an_unknown_format_is_a_400(client, course):
    assert client.get(page_url(course, format="xlsx")).status_code == 400


# Links to the page


def test_the_instructors_pages_link_to_the_progress_page(client, course):
    link = f'href="{page_url(course)}"'

    assert link in client.get(reverse("courses:manage_course_list")).content.decode()
    students = reverse("courses:course_student_list", args=[course.pk])
    assert link in client.get(students).content.decode()
