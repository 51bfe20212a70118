import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.tests.factories import instructors_group
from courses.models import Subject


def permission_codenames(group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_the_migration_gives_instructors_the_course_permissions_and_no_more():
    codenames = set(
        Group.objects.get(name="Instructors").permissions.values_list(
            "codename", flat=True
        )
    )

    expected = {
        f"{action}_{model}"
        for action in ["add", "change", "delete", "view"]
        for model in ["course", "module", "content", "text", "file", "image", "video"]
        + ["quiz"]
    }
    assert codenames == expected


@pytest.mark.django_db
def test_the_tests_make_the_group_as_the_migration_does():
    migrated = permission_codenames(Group.objects.get(name="Instructors"))
    Group.objects.filter(name="Instructors").delete()  # as a flush leaves it

    assert permission_codenames(instructors_group()) == migrated


@pytest.mark.django_db
def test_loaddata_subjects_loads_at_least_four_subjects():
    call_command("loaddata", "subjects", verbosity=0)

    assert Subject.objects.count() >= 4
    assert Subject.objects.filter(slug="programming").exists()
