"""The instructor's course pages: list, create, edit, delete, modules formset."""

from django.urls import reverse

from accounts.tests.factories import InstructorFactory
from courses.models import Content, Course, Module, Text
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    SubjectFactory,
    add_content,
)


def formset_data(course, rows, extra=2):
    """POST data for the modules formset: existing rows first, then new ones."""
    modules = list(course.modules.all())
    data = {
        "modules-TOTAL_FORMS": str(len(modules) + extra),
        "modules-INITIAL_FORMS": str(len(modules)),
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
    }
    for i in range(len(modules) + extra):
        if i < len(modules):
            data[f"modules-{i}-id"] = str(modules[i].pk)
            data[f"modules-{i}-course"] = str(course.pk)
        row = rows[i] if i < len(rows) else {}
        for field in ("title", "description", "DELETE"):
            if field in row:
                data[f"modules-{i}-{field}"] = row[field]
    return data


def test_my_courses_lists_mine_newest_first_with_module_counts(client, instructor):
    old = CourseFactory(owner=instructor, title="Old")
    new = CourseFactory(owner=instructor, title="New")
    ModuleFactory(course=new)
    ModuleFactory(course=new)
    CourseFactory(title="Not mine")

    response = client.get(reverse("courses:manage_course_list"))

    assert list(response.context["object_list"]) == [new, old]
    assert "2 modules" in response.content.decode()
    assert "Not mine" not in response.content.decode()


def test_an_instructor_without_courses_is_invited_to_create_one(client, instructor):
    response = client.get(reverse("courses:manage_course_list"))

    assert "You have no courses yet" in response.content.decode()


def test_creating_a_course_makes_me_the_owner_and_a_slug(client, instructor):
    subject = SubjectFactory()
    other = InstructorFactory()

    response = client.post(
        reverse("courses:course_create"),
        {"subject": subject.pk, "title": "Django for Beginners", "owner": other.pk},
    )

    course = Course.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("courses:course_module_update", args=[course.pk])
    assert (course.owner, course.slug) == (instructor, "django-for-beginners")


def test_a_course_without_a_title_is_a_form_error(client, instructor):
    response = client.post(
        reverse("courses:course_create"), {"subject": SubjectFactory().pk}
    )

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Course.objects.exists()


def test_a_taken_or_reserved_slug_is_a_form_error(client, instructor):
    subject = SubjectFactory()
    CourseFactory(slug="taken")

    for slug in ["taken", "mine"]:
        response = client.post(
            reverse("courses:course_create"),
            {"subject": subject.pk, "title": "T", "slug": slug},
        )
        assert "slug" in response.context["form"].errors, slug


def test_editing_a_course_keeps_its_owner(client, instructor):
    course = CourseFactory(owner=instructor)

    client.post(
        reverse("courses:course_edit", args=[course.pk]),
        {"subject": course.subject.pk, "title": "Renamed", "slug": course.slug},
    )

    course.refresh_from_db()
    assert (course.title, course.owner) == ("Renamed", instructor)


def test_deleting_a_course_asks_first_and_then_removes_everything(client, instructor):
    module = ModuleFactory(course=CourseFactory(owner=instructor))
    add_content(module)
    url = reverse("courses:course_delete", args=[module.course.pk])

    assert "cannot be undone" in client.get(url).content.decode()
    assert Course.objects.exists()
    client.post(url)

    assert not Course.objects.exists()
    assert not Module.objects.exists()
    assert not Content.objects.exists()
    assert not Text.objects.exists()  # the item went with its content


def test_the_modules_page_shows_the_modules_and_two_blank_forms(client, instructor):
    course = CourseFactory(owner=instructor)
    ModuleFactory(course=course, title="Intro")

    response = client.get(reverse("courses:course_module_update", args=[course.pk]))

    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert formset.forms[0].instance.title == "Intro"
    assert formset.can_delete


def test_the_formset_adds_edits_and_deletes_modules_in_one_post(client, instructor):
    course = CourseFactory(owner=instructor)
    keep = ModuleFactory(course=course, title="Keep")
    drop = ModuleFactory(course=course, title="Drop")
    add_content(drop)
    rows = [
        {"title": "Kept and renamed"},
        {"title": "Drop", "DELETE": "on"},
        {"title": "Added", "description": "New"},
    ]

    response = client.post(
        reverse("courses:course_module_update", args=[course.pk]),
        formset_data(course, rows),
    )

    assert response.status_code == 302
    assert [(m.pk, m.title) for m in course.modules.all()][0] == (
        keep.pk,
        "Kept and renamed",
    )
    assert [m.title for m in course.modules.all()] == ["Kept and renamed", "Added"]
    # Deletions are saved first, so the new module follows the kept one.
    assert course.modules.get(title="Added").order == 1
    assert not Text.objects.exists()  # the deleted module's content went too


def test_an_invalid_formset_changes_nothing(client, instructor):
    course = CourseFactory(owner=instructor)
    ModuleFactory(course=course, title="Intro")
    rows = [{"title": ""}, {"title": "Added"}]

    response = client.post(
        reverse("courses:course_module_update", args=[course.pk]),
        formset_data(course, rows),
    )

    assert response.status_code == 200
    assert response.context["formset"].errors[0]["title"]
    assert [m.title for m in course.modules.all()] == ["Intro"]


def test_the_formset_cannot_move_a_module_of_another_course(client, instructor):
    course = CourseFactory(owner=instructor)
    foreign = ModuleFactory(title="Foreign")
    data = formset_data(course, [{"title": "Mine"}], extra=1)
    data.update(
        {
            "modules-TOTAL_FORMS": "1",
            "modules-INITIAL_FORMS": "1",
            "modules-0-id": str(foreign.pk),
            "modules-0-title": "Stolen",
        }
    )

    client.post(reverse("courses:course_module_update", args=[course.pk]), data)

    foreign.refresh_from_db()
    assert (foreign.title, foreign.course) == ("Foreign", foreign.course)
    assert foreign.course != course
