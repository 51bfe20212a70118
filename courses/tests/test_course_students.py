"""A course's students, for its owner: the list, and removing one. Everyone else
gets a 404, anonymous visitors the login page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(instructor):
    return CourseFactory(owner=instructor, title="Python for beginners")


@pytest.fixture
def student(course):
    """A student enrolled in `course` (not logged in)."""
    user = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    course.students.add(user)
    return user


def list_url(course, page=None):
    url = reverse("courses:course_student_list", args=[course.pk])
    return f"{url}?page={page}" if page else url


def remove_url(course, user):
    return reverse("courses:course_student_remove", args=[course.pk, user.pk])


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


# The list


def test_the_owner_sees_the_students_by_username_with_their_names(client, course):
    for username, first_name in [("zoe", "Zoe"), ("bob", ""), ("ada", "Ada")]:
        course.students.add(
            UserFactory(username=username, first_name=first_name, last_name="")
        )
    CourseFactory().students.add(UserFactory(username="carl"))  # another course's

    response = client.get(list_url(course))

    assert response.status_code == 200
    html = response.content.decode()
    assert [s.username for s in response.context["page"]] == ["ada", "bob", "zoe"]
    assert re.findall(r"<td>(\w*)</td>", html) == [
        "ada",
        "Ada",
        "bob",
        "bob",
        "zoe",
        "Zoe",
    ]
    assert "carl" not in html


def test_each_student_has_a_remove_button(client, course, student):
    other = UserFactory()
    course.students.add(other)

    html = client.get(list_url(course)).content.decode()

    assert f'action="{remove_url(course, student)}"' in html
    assert f'action="{remove_url(course, other)}"' in html
    assert html.count(">Remove</button>") == 2


def test_a_course_without_students_says_so(client, course):
    html = client.get(list_url(course)).content.decode()

    assert "No one is enrolled in this course yet." in html
    assert "<table" not in html


def test_the_students_come_50_a_page(client, course):
    course.students.add(*UserFactory.create_batch(51))

    first = client.get(list_url(course))
    second = client.get(list_url(course, 2))

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert 'href="?page=1" rel="prev"' in second.content.decode()


@pytest.mark.parametrize("number", ["2", "0", "abc", "\u0661", "9" * 30])
def test_a_page_that_does_not_exist_is_a_404(client, course, student, number):
    assert client.get(list_url(course), {"page": number}).status_code == 404


def test_a_removal_comes_back_to_the_page_it_was_made_on(client, course):
    course.students.add(*UserFactory.create_batch(101))

    second = client.get(list_url(course, 2)).context["back_url"]
    last = client.get(list_url(course, 3)).context["back_url"]

    assert second == list_url(course, 2)
    # The last page's only student: removed, that page is gone.
    assert last == list_url(course, 2)
    assert client.get(list_url(course)).context["back_url"] == list_url(course)


def test_my_courses_links_to_each_courses_students(client, course):
    html = client.get(reverse("courses:manage_course_list")).content.decode()

    assert f'href="{list_url(course)}"' in html


def test_the_list_runs_the_same_queries_at_any_size(
    client, course, django_assert_num_queries, size
):
    course.students.add(*UserFactory.create_batch(size))

    # user with their permissions (the session comes from the cache) + the
    # course, the caller's + the count of its students + one page of them.
    with django_assert_num_queries(4):
        response = client.get(list_url(course))

    assert len(response.context["page"]) == size


def test_another_instructor_gets_a_404(course, student):
    client = Client()
    client.force_login(InstructorFactory())

    assert client.get(list_url(course)).status_code == 404


def test_a_student_of_the_course_gets_a_404(course, student):
    client = Client()
    client.force_login(student)

    assert client.get(list_url(course)).status_code == 404


def test_an_unknown_course_is_a_404(client, instructor):
    assert (
        client.get(reverse("courses:course_student_list", args=[999999])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(course):
    response = Client().get(list_url(course))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Removing a student


def test_the_owner_removes_a_student_and_comes_back_to_the_list(
    client, course, student
):
    classmate = UserFactory()
    course.students.add(classmate)

    response = client.post(remove_url(course, student), follow=True)

    assert response.redirect_chain == [(list_url(course), 302)]
    assert list(course.students.all()) == [classmate]
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["ada is no longer a student of “Python for beginners”."]


def test_a_removal_comes_back_to_the_page_of_this_site_it_names(
    client, course, student
):
    back = list_url(course, 2)

    response = client.post(remove_url(course, student), {"next": back})

    assert response.url == back


@pytest.mark.parametrize(
    "back", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_a_removal_never_goes_back_to_another_site(client, course, student, back):
    response = client.post(remove_url(course, student), {"next": back})

    assert response.url == list_url(course)


def test_a_removed_student_only_leaves_that_course(client, instructor, student):
    course = student.courses_joined.get()
    other = CourseFactory(owner=instructor)
    other.students.add(student)

    client.post(remove_url(course, student))

    assert list(student.courses_joined.all()) == [other]


def test_another_instructor_cannot_remove_a_student(course, student):
    client = Client()
    client.force_login(InstructorFactory())

    assert client.post(remove_url(course, student)).status_code == 404
    assert list(course.students.all()) == [student]


def test_a_student_cannot_remove_themself_this_way(course, student):
    client = Client()
    client.force_login(student)

    assert client.post(remove_url(course, student)).status_code == 404
    assert list(course.students.all()) == [student]


def test_removing_someone_not_enrolled_is_a_404(client, course, student):
    stranger = UserFactory()
    CourseFactory().students.add(stranger)  # enrolled, but elsewhere

    assert client.post(remove_url(course, stranger)).status_code == 404
    assert client.post(remove_url(course, course.owner)).status_code == 404
    assert list(course.students.all()) == [student]


def test_removing_from_an_unknown_course_is_a_404(client, instructor, student):
    url = reverse("courses:course_student_remove", args=[999999, student.pk])

    assert client.post(url).status_code == 404


def test_removing_takes_a_post(client, course, student):
    assert client.get(remove_url(course, student)).status_code == 405
    assert list(course.students.all()) == [student]


def test_anonymous_visitors_cannot_remove_anyone(course, student):
    response = Client().post(remove_url(course, student))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert list(course.students.all()) == [student]


def test_removing_without_the_csrf_token_is_refused(instructor, course, student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(instructor)

    assert browser.post(remove_url(course, student)).status_code == 403
    assert list(course.students.all()) == [student]


def test_the_remove_button_works_with_its_csrf_token(instructor, course, student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(instructor)
    html = browser.get(list_url(course)).content.decode()

    response = browser.post(
        remove_url(course, student), {"csrfmiddlewaretoken": csrf_token(html)}
    )

    assert response.status_code == 302
    assert not course.students.exists()
