"""Issue 18, point 6: a quiz's pages run the same number of queries whatever
its number of questions."""

import pytest
from django.urls import reverse

from courses.tests.factories import add_content, quiz_text
from students.quiz_attempts import attempt_submit
from students.tests.quizzes import attempt_url, ids, module_url, quiz_in_course

pytestmark = pytest.mark.django_db
QUESTIONS = pytest.mark.parametrize("questions", [2, 20])


def all_right(quiz) -> dict[str, list[int]]:
    """The form's fields, every question answered by its first (right) choice."""
    key = ids(quiz)
    count = sum(1 for name in key if ":" not in name)
    return {
        f"question-{key[f'Q{n}']}": [key[f"Q{n}:Answer {n}.0"]]
        for n in range(1, count + 1)
    }


@QUESTIONS
def test_the_module_page_with_a_quiz_runs_the_same_queries_at_any_size(
    client, student, questions, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(questions))
    attempt_submit(student=student, quiz=quiz, answers={})
    add_content(quiz.contents.get().module)  # and a text beside it
    url = module_url(quiz)

    # The user with the course and their marks + its modules + its number of
    # contents + the module's contents with their content types + one per kind
    # of item (text, quiz) + the quizzes' questions + their choices (the
    # frame, cached; the quizzes' settings come with them) + the student's
    # standing.
    with django_assert_num_queries(9):
        cold = client.get(url).content.decode()
    # Then the user with the course and their marks + the standing.
    with django_assert_num_queries(2):
        warm = client.get(url).content.decode()

    assert cold.count('type="radio"') == warm.count('type="radio"') == questions * 3
    assert "Best score so far: <strong>0%</strong>" in warm


@QUESTIONS
def test_the_owners_preview_of_a_quiz_reads_no_standing(
    client, questions, django_assert_num_queries
):
    quiz = quiz_in_course(text=quiz_text(questions))
    client.force_login(quiz.owner)
    url = module_url(quiz)
    client.get(url)

    # The user with the course: nothing of anyone's attempts.
    with django_assert_num_queries(1):
        response = client.get(url)

    assert response.context["preview"] is True


@QUESTIONS
def test_submitting_a_quiz_runs_the_same_queries_at_any_size(
    client, student, questions, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(questions), max_attempts=3)
    url, answers = attempt_url(quiz), all_right(quiz)

    # The session's user + the quiz if the student studies it, then in the
    # service's transaction (a savepoint in a test: 2 queries): the student
    # locked, the quiz's content open to them, their attempts counted, the
    # answer key, the attempt stored, the content marked done under the same
    # lock (a pass: the mark, the course's state, its completion recorded as the
    # quiz is its only content).
    with django_assert_num_queries(12):
        response = client.post(url, answers)

    assert response.status_code == 302
    assert quiz.attempts.get().score == 100


@QUESTIONS
def test_the_answer_page_runs_the_same_queries_at_any_size(
    client, student, questions, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(questions))
    attempt = attempt_submit(student=student, quiz=quiz, answers={})
    url = reverse("students:quiz_attempt_detail", args=[attempt.pk])

    # The session's user + the attempt with its quiz and where it is shown +
    # the answer key + the questions' texts + the student's standing.
    with django_assert_num_queries(5):
        response = client.get(url)

    assert response.content.decode().count("✗ Wrong") == questions
