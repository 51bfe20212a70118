from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import Content, Course


@pytest.mark.django_db
def test_seed_demo_adds_two_courses_with_one_content_of_each_kind_once():
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())

    courses = Course.objects.filter(owner__username="instructor")
    assert courses.count() == 2
    for course in courses:
        assert course.modules.count() >= 2
        kinds = Content.objects.filter(module__course=course).values_list(
            "content_type__model", flat=True
        )
        assert sorted(kinds) == ["file", "image", "text", "video"]
