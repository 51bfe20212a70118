from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import Content, Course, Quiz


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
        expected = ["file", "image", "text", "video"]
        if course.slug == "python-for-beginners":  # the enrolled student's
            expected = ["file", "image", "quiz", "text", "video"]
        assert sorted(kinds) == expected


@pytest.mark.django_db
def test_the_demo_quiz_comes_to_a_database_seeded_before_quizzes():
    call_command("seed_demo", "--force", stdout=StringIO())
    Quiz.objects.all().delete()  # as seeded before quizzes existed

    call_command("seed_demo", "--force", stdout=StringIO())

    quiz = Quiz.objects.get()
    assert quiz.questions.count() == 3
    assert quiz.contents.get().module.course.students.filter(username="student")
