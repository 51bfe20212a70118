"""quiz_questions_replace: all the questions written at once, or nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from courses.models import Choice, Course, Question, Quiz
from courses.quiz_text import quiz_text_of
from courses.services import quiz_questions_replace
from courses.tests.factories import (
    QUIZ_TEXT,
    ModuleFactory,
    QuizFactory,
    add_quiz,
    quiz_text,
)

pytestmark = pytest.mark.django_db


def test_replacing_writes_the_questions_and_choices_in_order():
    quiz = QuizFactory()

    quiz_questions_replace(quiz=quiz, text=QUIZ_TEXT)

    questions = list(quiz.questions.all())
    assert [(q.text, q.multiple) for q in questions] == [
        ("What is 2 + 2?", False),
        ("Which of these are prime?", True),
    ]
    assert [(c.text, c.correct) for c in questions[1].choices.all()] == [
        ("2", True),
        ("3", True),
        ("4", False),
    ]


def test_replacing_removes_the_old_questions_and_their_choices():
    quiz = QuizFactory(questions=quiz_text(5))
    other = QuizFactory(questions=quiz_text(2))

    quiz_questions_replace(quiz=quiz, text="Only this?\n* yes")

    assert quiz_text_of(quiz) == "Only this?\n* yes"
    assert quiz.questions.count() == 1
    assert Choice.objects.filter(question__quiz=quiz).count() == 1
    assert other.questions.count() == 2  # another quiz's questions stay


def test_an_error_saves_nothing_and_names_the_questions_field():
    quiz = QuizFactory(questions=QUIZ_TEXT)
    before = quiz_text_of(quiz)

    with pytest.raises(ValidationError) as caught:
        quiz_questions_replace(quiz=quiz, text="Fine?\n* yes\n\nBroken?\n- no")

    assert caught.value.message_dict == {
        "questions": ["Question 2 has no correct choice; mark at least one with “* ”."]
    }
    assert quiz_text_of(quiz) == before


def test_a_nul_byte_is_an_error_not_a_database_failure():
    quiz = QuizFactory()

    with pytest.raises(ValidationError):
        quiz_questions_replace(quiz=quiz, text="Nul?\n* a\x00b")

    assert not Question.objects.exists()


def test_html_is_stored_as_text():
    quiz = QuizFactory()

    quiz_questions_replace(quiz=quiz, text="<b>Bold?</b>\n* <script>x</script>")

    question = quiz.questions.get()
    assert question.text == "<b>Bold?</b>"
    assert question.choices.get().text == "<script>x</script>"


def test_a_quiz_deleted_meanwhile_is_does_not_exist():
    quiz = QuizFactory()
    Quiz.objects.filter(pk=quiz.pk).delete()

    with pytest.raises(Quiz.DoesNotExist):
        quiz_questions_replace(quiz=quiz, text=QUIZ_TEXT)


def test_replacing_renews_the_revision_of_the_course_showing_the_quiz():
    content = add_quiz(ModuleFactory())
    course = content.module.course
    before = Course.objects.get(pk=course.pk).revision

    quiz_questions_replace(quiz=content.item, text="New?\n* yes")

    assert Course.objects.get(pk=course.pk).revision != before


@pytest.mark.parametrize("count", [2, 20])
def test_replacing_runs_the_same_queries_whatever_the_number_of_questions(
    count, django_assert_num_queries
):
    quiz = add_quiz(ModuleFactory(), text=quiz_text(count)).item
    ContentType.objects.get_for_model(Quiz)  # cached for the process, as in a server

    # The savepoint and its release, the quiz's lock, the old questions' read,
    # their choices' delete and theirs, the questions' insert, the choices'
    # insert, the course's revision.
    with django_assert_num_queries(9):
        quiz_questions_replace(quiz=quiz, text=quiz_text(count, choices=4))

    assert quiz.questions.count() == count
    assert Choice.objects.filter(question__quiz=quiz).count() == count * 4
