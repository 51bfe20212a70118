import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from courses.models import Subject


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
    }
    assert codenames == expected


@pytest.mark.django_db
def test_loaddata_subjects_loads_at_least_four_subjects():
    call_command("loaddata", "subjects", verbosity=0)

    assert Subject.objects.count() >= 4
    assert Subject.objects.filter(slug="programming").exists()
