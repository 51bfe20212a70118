"""Permissions are read with the user, from the database, on every request: a
change of who may do what applies at once, and menus cost no extra query."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.tests.factories import InstructorFactory, UserFactory, instructors_group

MY_COURSES = reverse("courses:manage_course_list")

pytestmark = pytest.mark.django_db


def test_a_page_looks_no_permission_up_beyond_the_user(
    client, django_assert_num_queries
):
    client.force_login(InstructorFactory())

    # user with their permissions (the session comes from the cache) + the
    # page of courses.
    with django_assert_num_queries(2):
        assert client.get(MY_COURSES).status_code == 200


def test_leaving_the_instructors_group_takes_the_cms_away_at_once(client, committed):
    instructor = InstructorFactory()
    client.force_login(instructor)
    assert client.get(MY_COURSES).status_code == 200

    with committed():
        instructor.groups.remove(instructors_group())

    assert client.get(MY_COURSES).status_code == 403


def test_joining_the_instructors_group_opens_the_cms_at_once(client, committed):
    student = UserFactory()
    client.force_login(student)
    assert client.get(MY_COURSES).status_code == 403

    with committed():
        instructors_group().user_set.add(student)

    assert client.get(MY_COURSES).status_code == 200


def test_a_permission_taken_from_the_group_applies_at_once(client, committed):
    client.force_login(InstructorFactory())
    assert client.get(MY_COURSES).status_code == 200

    with committed():
        instructors_group().permissions.remove(
            Permission.objects.get(codename="view_course")
        )

    assert client.get(MY_COURSES).status_code == 403


def test_a_deleted_group_grants_nothing_any_more(client, committed):
    client.force_login(InstructorFactory())
    assert client.get(MY_COURSES).status_code == 200

    with committed():
        Group.objects.filter(name="Instructors").delete()

    assert client.get(MY_COURSES).status_code == 403


def test_a_user_made_superuser_has_every_permission_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(MY_COURSES).status_code == 403

    user.is_superuser = True
    user.save()  # no invalidation needed: the flag is part of the key

    assert client.get(MY_COURSES).status_code == 200


def test_a_directly_granted_permission_applies_at_once(client, committed):
    user = UserFactory()
    client.force_login(user)
    assert client.get(MY_COURSES).status_code == 403

    with committed():
        user.user_permissions.add(Permission.objects.get(codename="view_course"))

    assert client.get(MY_COURSES).status_code == 200


def test_a_data_migration_changing_grants_applies_after_migrate(client):
    """Migrations use historical models, which send no signal we listen to;
    the post_migrate that ends every `migrate` retires the cache instead."""
    from django.core.management.sql import emit_post_migrate_signal

    client.force_login(InstructorFactory())
    assert client.get(MY_COURSES).status_code == 200
    group = instructors_group()
    # A bulk delete of join rows sends no signal at all, like a migration's SQL.
    group.permissions.through.objects.filter(group=group).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert client.get(MY_COURSES).status_code == 403
