"""The progress page as CSV (issue 19): the owner's download of every student's
row, safe to open in a spreadsheet."""

import csv
import io

import pytest

from accounts.tests.factories import InstructorFactory
from courses.tests.factories import ModuleFactory, add_content, add_quiz
from students.course_progress import csv_cell
from students.tests.progress_data import attempt, contents, course_of, enrol, mark
from students.tests.progress_data import page_url as progress_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = InstructorFactory()
    client.force_login(user)
    return user


def csv_url(course, **query) -> str:
    return progress_url(course, format="csv", **query)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_has_a_header_then_one_line_per_student(client, owner):
    course = course_of(owner, modules=2, texts=1, quizzes=2)
    ada = enrol(course, username="ada", email="ada@example.com")
    enrol(course, username="bob", email="bob@example.com")
    text, quiz_content, *_ = contents(course)
    mark(ada, text)
    attempt(ada, quiz_content.item, 50)

    response = client.get(csv_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{course.slug}-progress.csv"'
    )
    assert read_csv(response) == [
        ["username", "email", "done", "total", "percent", "Quiz 1", "Quiz 2"],
        ["ada", "ada@example.com", "1", "4", "25", "50", ""],
        ["bob", "bob@example.com", "0", "4", "0", "", ""],
    ]


def test_the_csv_holds_every_student_not_a_page(client, owner):
    course = course_of(owner, modules=1, texts=1, quizzes=0)
    for n in range(51):
        enrol(course, username=f"s{n:02}")

    rows = read_csv(client.get(csv_url(course)))

    assert len(rows) == 52
    assert rows[1][0] == "s00"
    assert rows[-1][0] == "s50"


def test_the_csv_follows_the_pages_sort(client, owner):
    course = course_of(owner, modules=1, texts=1, quizzes=0)
    for name in ("ada", "bob"):
        enrol(course, username=name)

    rows = read_csv(client.get(csv_url(course, sort="-name")))

    assert [row[0] for row in rows[1:]] == ["bob", "ada"]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(client, owner):
    course = course_of(owner, modules=0)
    module = ModuleFactory(course=course)
    add_content(module)
    for title in ("=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tTab", "Plain"):
        add_quiz(module, title=title)
    enrol(course, username="=HYPERLINK(1)", email="@evil@example.com")
    enrol(course, username="ünïcode-名前", email="u@example.com")

    response = client.get(csv_url(course))
    rows = read_csv(response)

    assert rows[0][5:] == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tTab",
        "Plain",
    ]
    assert rows[1][:2] == ["'=HYPERLINK(1)", "'@evil@example.com"]
    assert rows[2][:2] == ["ünïcode-名前", "u@example.com"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (7, 7),
    ],
)
def test_csv_cell_quotes_only_what_starts_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_anonymous_visitors_get_the_login_page_not_the_csv(client):
    course = course_of()
    enrol(course, username="ada")

    response = client.get(csv_url(course))

    assert response.status_code == 302
    assert b"ada" not in response.content


def test_quizzes_of_the_same_title_get_columns_of_distinct_titles(client, owner):
    course = course_of(owner, modules=1, texts=0, quizzes=0)
    module = ModuleFactory(course=course)
    for title in ["Check", "Check", "email", "Check (2)"]:
        add_quiz(module, title=title)
    enrol(course, username="ada")

    header, *_ = read_csv(client.get(csv_url(course)))

    assert header[5:] == ["Check", "Check (2)", "email (2)", "Check (2) (2)"]


def test_titles_that_read_alike_once_quoted_get_distinct_columns(client, owner):
    course = course_of(owner, modules=1, texts=0, quizzes=0)
    module = ModuleFactory(course=course)
    for title in ["=SUM", "'=SUM"]:
        add_quiz(module, title=title)
    enrol(course, username="ada")

    header, *_ = read_csv(client.get(csv_url(course)))

    assert header[5:] == ["'=SUM", "'=SUM (2)"]
