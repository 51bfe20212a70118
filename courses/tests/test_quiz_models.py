"""The quiz's models: their database constraints and the Instructors' permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from courses.models import Quiz
from courses.tests.factories import QuizFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pass_mark", [0, 101])
def test_the_database_refuses_a_pass_mark_outside_1_to_100(pass_mark):
    quiz = QuizFactory()

    with pytest.raises(IntegrityError):
        Quiz.objects.filter(pk=quiz.pk).update(pass_mark=pass_mark)


def test_the_database_refuses_a_max_attempts_of_zero():
    quiz = QuizFactory()

    with pytest.raises(IntegrityError):
        Quiz.objects.filter(pk=quiz.pk).update(max_attempts=0)


def test_a_quiz_passes_at_60_percent_with_unlimited_attempts_by_default():
    quiz = QuizFactory()

    assert (quiz.pass_mark, quiz.max_attempts) == (60, None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pass_mark": 0}, "pass_mark"),
        ({"pass_mark": 101}, "pass_mark"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_full_clean_names_the_field_out_of_range(fields, field):
    quiz = QuizFactory.build(owner=QuizFactory().owner, **fields)

    with pytest.raises(ValidationError) as caught:
        quiz.full_clean()

    assert field in caught.value.message_dict


def test_the_instructors_group_may_add_change_delete_and_view_quizzes():
    codenames = set(
        Group.objects.get(name="Instructors").permissions.values_list(
            "codename", flat=True
        )
    )

    assert {"add_quiz", "change_quiz", "delete_quiz", "view_quiz"} <= codenames


def test_an_instructor_has_the_quiz_permissions(django_user_model):
    from accounts.tests.factories import InstructorFactory

    instructor = django_user_model.objects.get(pk=InstructorFactory().pk)

    assert instructor.has_perms(["courses.add_quiz", "courses.change_quiz"])


def test_deleting_a_quiz_deletes_its_questions_and_choices():
    from courses.models import Choice, Question

    quiz = QuizFactory(questions="A?\n* yes\n- no\n\nB?\n* yes")

    quiz.delete()

    assert (Question.objects.count(), Choice.objects.count()) == (0, 0)
