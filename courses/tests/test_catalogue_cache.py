"""The catalogue and the module contents are cached, and never seen stale.

Each test warms the cache with a first read, changes the data the way a user
would, and reads again: the change must show at once.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from courses.models import Module
from courses.services import content_reorder, module_reorder
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    TextFactory,
    add_content,
)
from educa.settings import memcached_cache
from educa.tests.helpers import (
    database_url,
    hung_server,
    refused_address,
    run_django,
)

CATALOGUE = reverse("courses:course_list")

pytestmark = pytest.mark.django_db


def catalogue_html(client, **params) -> str:
    return client.get(CATALOGUE, params).content.decode()


def test_an_edited_course_title_shows_at_once_on_the_catalogue(
    client, any_cache, committed
):
    course = CourseFactory(title="Old title")
    assert "Old title" in catalogue_html(client)
    client.force_login(course.owner)

    with committed():
        response = client.post(
            reverse("courses:course_edit", args=[course.pk]),
            {"subject": course.subject_id, "title": "New title", "slug": course.slug},
        )

    assert response.status_code == 302
    html = catalogue_html(client)
    assert "New title" in html
    assert "Old title" not in html


def test_a_warm_catalogue_is_served_from_the_cache(
    client, any_cache, django_assert_num_queries
):
    CourseFactory(title="Algebra")
    catalogue_html(client)

    with django_assert_num_queries(0):
        assert "Algebra" in catalogue_html(client)


# Changes to the catalogue's rows: each is made, then the catalogue is read again.


def _rename_subject(course):
    course.subject.title = "Renamed subject"
    course.subject.save()
    return "Renamed subject"


def _add_subject(course):
    SubjectFactory(title="Brand new subject")
    return "Brand new subject"


def _add_course(course):
    CourseFactory(subject=course.subject, title="Second course")
    return "Second course"


def _move_course(course):
    course.subject = SubjectFactory(title="Other subject")
    course.save()
    return "Other subject</a>"


def _add_module(course):
    ModuleFactory(course=course)
    return "1 module"


def _delete_module(course):
    ModuleFactory(course=course)
    ModuleFactory(course=course).delete()
    return "1 module"


def _rename_instructor(course):
    course.owner.first_name, course.owner.last_name = "Grace", "Hopper"
    course.owner.save()
    return "by Grace Hopper"


@pytest.mark.parametrize(
    "change",
    [
        _rename_subject,
        _add_subject,
        _add_course,
        _move_course,
        _add_module,
        _delete_module,
        _rename_instructor,
    ],
)
def test_each_change_to_the_catalogue_rows_shows_at_once(client, committed, change):
    course = CourseFactory()
    catalogue_html(client)

    with committed():
        expected = change(course)

    assert expected in catalogue_html(client)


def test_deleted_courses_and_subjects_leave_the_catalogue_at_once(client, committed):
    course = CourseFactory(title="Doomed course", subject__title="Doomed subject")
    assert "Doomed course" in catalogue_html(client)

    with committed():
        subject = course.subject
        course.delete()
        subject.delete()

    html = catalogue_html(client)
    assert "Doomed course" not in html
    assert "Doomed subject" not in html


def test_a_subject_page_is_invalidated_with_the_rest(client, committed):
    course = CourseFactory(title="Old title")
    subject_page = reverse("courses:course_list_subject", args=[course.subject.slug])
    client.get(subject_page)

    with committed():
        course.title = "New title"
        course.save()

    assert "New title" in client.get(subject_page).content.decode()


def test_logging_in_does_not_empty_the_catalogue_cache(
    client, committed, django_assert_num_queries
):
    course = CourseFactory()
    catalogue_html(client)

    with committed():
        assert client.login(username=course.owner.username, password=PASSWORD)
    client.logout()

    with django_assert_num_queries(0):
        catalogue_html(client)


# The rendered contents of a module, on the student's course page.


@pytest.fixture
def module(client):
    """A module with one text, whose course the logged-in student is enrolled in."""
    module = ModuleFactory()
    student = UserFactory()
    module.course.students.add(student)
    client.force_login(student)
    return module


def module_html(client, module) -> str:
    url = reverse("students:student_course_module", args=[module.course_id, module.pk])
    return client.get(url).content.decode()


def test_an_edited_text_shows_at_once_on_the_student_page(
    client, any_cache, committed, module
):
    content = add_content(module, content="First draft")
    assert "First draft" in module_html(client, module)

    with committed():
        content.item.content = "Final words"
        content.item.save()

    assert "Final words" in module_html(client, module)


def test_added_and_deleted_contents_show_at_once(client, committed, module):
    add_content(module, title="Kept")
    doomed = add_content(module, title="Doomed")
    module_html(client, module)

    with committed():
        doomed.delete()
        add_content(module, title="Added")

    html = module_html(client, module)
    assert "Doomed" not in html
    assert html.index("Kept") < html.index("Added")


def test_reordered_contents_show_at_once(client, committed, module):
    first = add_content(module, title="Alpha")
    second = add_content(module, title="Omega")
    html = module_html(client, module)
    assert html.index("Alpha") < html.index("Omega")

    with committed():
        content_reorder(user=module.course.owner, orders={first.pk: 1, second.pk: 0})

    html = module_html(client, module)
    assert html.index("Omega") < html.index("Alpha")


def test_reordered_modules_show_at_once(client, committed, module):
    module.title = "Alpha"
    module.save()
    ModuleFactory(course=module.course, title="Omega")

    def sidebar():
        return module_html(client, module).split('aria-label="Modules"')[1]

    assert sidebar().index("Alpha") < sidebar().index("Omega")

    modules = reversed(module.course.modules.all())
    orders = {other.pk: n for n, other in enumerate(modules)}
    with committed():
        module_reorder(user=module.course.owner, orders=orders)

    assert sidebar().index("Omega") < sidebar().index("Alpha")


def test_an_item_is_cached_under_its_own_module_only(client, committed):
    """Two modules (of two courses) never show each other's contents."""
    student = UserFactory()
    client.force_login(student)
    shown = {}
    for word in ("Apples", "Oranges"):
        module = ModuleFactory()
        module.course.students.add(student)
        add_content(module, factory_class=TextFactory, content=word)
        shown[word] = module_html(client, module)

    assert "Apples" in shown["Apples"]
    assert "Oranges" not in shown["Apples"]
    assert "Oranges" in shown["Oranges"]
    assert "Apples" not in shown["Oranges"]


def test_a_deleted_module_takes_its_cached_contents_with_it(client, committed, module):
    add_content(module, title="Gone with it")
    module_html(client, module)

    with committed():
        Module.objects.filter(pk=module.pk).delete()

    url = reverse("students:student_course_module", args=[module.course_id, module.pk])
    assert client.get(url).status_code == 404


# With memcached down every page still answers, from the database.


@pytest.fixture(params=["refused", "hung"])
def memcached_down(request, settings):
    if request.param == "refused":
        with refused_address() as address:
            settings.CACHES = {"default": memcached_cache([address])}
            yield
    else:
        with hung_server() as address:
            settings.CACHES = {"default": memcached_cache([address])}
            yield


def test_every_page_answers_200_with_memcached_down(client, module, memcached_down):
    add_content(module, content="Still here")
    course = module.course

    pages = [
        CATALOGUE,
        reverse("courses:course_list_subject", args=[course.subject.slug]),
        course.get_absolute_url(),
        reverse("students:student_course_list"),
        reverse("students:student_course_module", args=[course.pk, module.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert "Still here" in module_html(client, module)


# Two processes (two gunicorn workers, or two machines) sharing one memcached.


def _in_another_process(code: str, memcached: list[str]) -> str:
    result = run_django(
        "from django.test import Client\nfrom courses.models import Course\n" + code,
        env={"MEMCACHED_SERVERS": ",".join(memcached), "DATABASE_URL": database_url()},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


SHOWN_TITLE = (
    "html = Client().get('/', HTTP_HOST='localhost').content.decode()\n"
    "print([t for t in ('Old title', 'New title', 'Third title') if t in html])\n"
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_another_process_sharing_memcached_sees_each_edit_at_once(
    client, use_memcached, django_assert_num_queries
):
    course = CourseFactory(title="Old title")

    # The other process fills the shared cache; this one then reads it from there.
    assert _in_another_process(SHOWN_TITLE, use_memcached) == "['Old title']"
    with django_assert_num_queries(0):
        assert "Old title" in catalogue_html(client)

    # An edit here (committed: this test runs outside a transaction) shows there.
    client.force_login(course.owner)
    client.post(
        reverse("courses:course_edit", args=[course.pk]),
        {"subject": course.subject_id, "title": "New title", "slug": course.slug},
    )
    client.logout()
    assert _in_another_process(SHOWN_TITLE, use_memcached) == "['New title']"

    # And an edit there shows here.
    _in_another_process(
        f"c = Course.objects.get(pk={course.pk}); c.title = 'Third title'; c.save()\n"
        "print('saved')\n",
        use_memcached,
    )
    assert "Third title" in catalogue_html(client)


def test_a_deleted_student_leaves_the_student_count_at_once(client, committed):
    course = CourseFactory()
    student = UserFactory()
    course.students.add(student)
    assert "1 student" in client.get(course.get_absolute_url()).content.decode()

    with committed():
        student.delete()  # the enrolment goes by cascade, without m2m_changed

    assert "0 students" in client.get(course.get_absolute_url()).content.decode()


def test_a_content_moved_to_another_module_leaves_the_first_at_once(
    client, committed, module
):
    content = add_content(module, title="Wanderer")
    other = ModuleFactory(course=module.course)
    assert "Wanderer" in module_html(client, module)

    with committed():
        content.module = other
        content.save()

    assert "Wanderer" not in module_html(client, module)
    assert "Wanderer" in module_html(client, other)


# Whole pages for plain visitors (no session): rendered once, then shared.


def test_a_visitor_gets_the_course_page_from_the_cache(
    client, django_assert_num_queries
):
    course = CourseFactory()
    ModuleFactory(course=course, title="Intro")
    client.get(course.get_absolute_url())

    # The course's revision, on the slug's index: its entries' key.
    with django_assert_num_queries(1):
        assert "Intro" in client.get(course.get_absolute_url()).content.decode()


def test_a_logged_in_student_never_gets_the_visitors_page(client):
    course = CourseFactory()
    assert "Register to enrol" in client.get(course.get_absolute_url()).content.decode()

    client.force_login(UserFactory())
    html = client.get(course.get_absolute_url()).content.decode()

    assert "Enrol now" in html
    assert "Register to enrol" not in html


@pytest.mark.parametrize("change", ["edit", "reorder"])
def test_a_visitor_sees_module_changes_on_the_course_page_at_once(
    client, committed, change
):
    course = CourseFactory()
    first = ModuleFactory(course=course, title="Alpha")
    second = ModuleFactory(course=course, title="Omega")
    client.get(course.get_absolute_url())

    with committed():
        if change == "edit":
            first.title = "Renamed"
            first.save()
        else:
            module_reorder(user=course.owner, orders={first.pk: 1, second.pk: 0})

    html = client.get(course.get_absolute_url()).content.decode()
    if change == "edit":
        assert "Renamed" in html
    else:
        assert html.index("Omega") < html.index("Alpha")


def test_each_catalogue_page_is_its_own_visitor_page(client):
    from courses.caching import COURSES_PER_PAGE

    CourseFactory.create_batch(COURSES_PER_PAGE + 1)

    first = client.get(CATALOGUE).content
    second = client.get(CATALOGUE, {"page": 2}).content
    first_again = client.get(CATALOGUE, {"utm_source": "x"}).content

    assert first != second
    assert first_again == first
