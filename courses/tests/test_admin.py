import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    TextFactory,
    VideoFactory,
    add_content,
)


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


@pytest.mark.parametrize("size", [3, 9])
def test_content_rows_show_course_module_kind_and_title_at_constant_queries(
    admin_client, django_assert_num_queries, size
):
    module = ModuleFactory(title="Intro", course__title="Algebra")
    for n in range(size):
        add_content(module, [TextFactory, VideoFactory][n % 2], title=f"Lesson {n}")

    # The session's user and their permissions, the count twice (filtered and
    # all), the content types of the filter, the page of contents with course
    # and content type, and one query per kind of item (2 here).
    with django_assert_num_queries(7):
        response = admin_client.get(reverse("admin:courses_content_changelist"))

    page = response.content.decode()
    rows = response.context["cl"].result_list
    assert len(rows) == size
    for column in ("Lesson 0", "text", "video", "Algebra", "Intro"):
        assert column in page


def test_positions_are_places_from_1_as_on_the_site_even_after_a_deletion(
    admin_client,
):
    course = CourseFactory()
    first, gone, last = (ModuleFactory(course=course) for _ in range(3))
    lessons = [add_content(last, title=f"Lesson {n}") for n in range(3)]
    gone.delete()
    lessons[1].delete()  # orders 0 and 2 are left, in both

    course_page = admin_client.get(
        reverse("admin:courses_course_change", args=[course.pk])
    ).content.decode()
    contents = admin_client.get(reverse("admin:courses_content_changelist"))

    assert (first.order, last.order) == (0, 2)
    assert '<div class="readonly">1</div>' in course_page
    assert '<div class="readonly">2</div>' in course_page
    assert '<div class="readonly">3</div>' not in course_page
    places = {c.item.title: c.place for c in contents.context["cl"].result_list}
    assert places == {"Lesson 0": 1, "Lesson 2": 2}


def test_a_courses_students_and_owner_are_chosen_by_searching(admin_client):
    course = CourseFactory()

    page = admin_client.get(
        reverse("admin:courses_course_change", args=[course.pk])
    ).content.decode()

    assert page.count('class="admin-autocomplete') == 2
    assert 'name="students"' in page
