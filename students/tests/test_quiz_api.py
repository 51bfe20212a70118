"""The quizzes API: submitting answers (graded on the server) and reading one's
own attempts, POST and GET /api/quizzes/<id>/attempts/."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.models import Course
from courses.services import enrollment_delete
from courses.tests.factories import (
    QUIZ_TEXT,
    ModuleFactory,
    QuizFactory,
    add_quiz,
    quiz_text,
)
from students.models import Completion, QuizAttempt
from students.progress import with_progress

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def student(db):
    return UserFactory()


@pytest.fixture
def client(student) -> APIClient:
    return client_of(student)


def quiz_in_course(student=None, text=QUIZ_TEXT, **fields):
    """A quiz of `text` in a module of a course `student` (if any) has joined."""
    module = ModuleFactory()
    if student is not None:
        module.course.students.add(student)
    return add_quiz(module, text=text, **fields).item


def attempts_url(quiz_or_id) -> str:
    quiz_id = getattr(quiz_or_id, "pk", quiz_or_id)
    return reverse("api:quiz-attempts", args=[quiz_id])


def ids(quiz) -> dict[str, int]:
    """ "Q1" for the first question's id, "Q1:4" for its choice "4"."""
    found = {}
    for n, question in enumerate(quiz.questions.prefetch_related("choices"), 1):
        found[f"Q{n}"] = question.pk
        for choice in question.choices.all():
            found[f"Q{n}:{choice.text}"] = choice.pk
    return found


def answer(quiz, **chosen: list[str]) -> dict:
    """`answer(quiz, Q1=["4"])`: the request body a client sends, by texts."""
    key = ids(quiz)
    return {
        "answers": {
            str(key[question]): [key[f"{question}:{text}"] for text in texts]
            for question, texts in chosen.items()
        }
    }


ALL_RIGHT = {"Q1": ["4"], "Q2": ["2", "3"]}


def submit(client, quiz, body):
    return client.post(attempts_url(quiz), body, format="json")


# Submitting


def test_a_student_gets_the_score_and_each_questions_verdict(client, student):
    quiz = quiz_in_course(student)

    response = submit(client, quiz, answer(quiz, Q1=["4"], Q2=["2"]))

    assert response.status_code == 201
    body = response.json()
    attempt = QuizAttempt.objects.get(student=student)
    key = ids(quiz)
    assert body == {
        "id": attempt.pk,
        "score": 50,
        "passed": False,
        "created": body["created"],
        "results": [
            {"question": key["Q1"], "correct": True},
            {"question": key["Q2"], "correct": False},
        ],
    }


def test_a_question_left_out_counts_wrong(client, student):
    quiz = quiz_in_course(student, pass_mark=50)

    body = submit(client, quiz, answer(quiz, Q1=["4"])).json()

    assert (body["score"], body["passed"]) == (50, True)
    assert [result["correct"] for result in body["results"]] == [True, False]


def test_the_score_is_rounded_down(client, student):
    quiz = quiz_in_course(student, text=quiz_text(3))
    key = ids(quiz)

    body = submit(
        client, quiz, {"answers": {str(key["Q1"]): [key["Q1:Answer 1.0"]]}}
    ).json()

    assert body["score"] == 33


def test_a_passed_attempt_marks_the_quiz_done_and_counts_in_the_progress(
    client, student
):
    quiz = quiz_in_course(student)
    course = Course.objects.get(modules__contents__in=quiz.contents.all())

    body = submit(client, quiz, answer(quiz, **ALL_RIGHT)).json()

    assert (body["score"], body["passed"]) == (100, True)
    counted = with_progress(Course.objects.filter(pk=course.pk), student=student)
    assert (counted[0].content_done, counted[0].content_total) == (1, 1)


def test_a_failed_attempt_leaves_the_quiz_not_done(client, student):
    quiz = quiz_in_course(student)

    submit(client, quiz, answer(quiz, Q1=["3"]))

    assert not Completion.objects.filter(student=student).exists()


# Bad answers: a JSON 400 naming the field, and nothing stored.


def bad_answers(quiz) -> dict[str, object]:
    key = ids(quiz)
    q1, q2 = str(key["Q1"]), str(key["Q2"])
    other = ids(quiz_in_course())  # another quiz's question and choices
    return {
        "not an object": "1,2",
        "a list": [[key["Q1:4"]]],
        "null": None,
        "not a list of choices": {q1: key["Q1:4"]},
        "a text choice": {q1: ["4"]},
        "a decimal choice": {q1: [1.5]},
        "a boolean choice": {q1: [True]},
        "a nested list": {q1: [[key["Q1:4"]]]},
        "an unknown question": {"999999": [key["Q1:4"]]},
        "a question id of other digits": {"١": [key["Q1:4"]]},
        "a question id past 64 bits": {"9" * 30: [key["Q1:4"]]},
        "another quiz's question": {str(other["Q1"]): [other["Q1:4"]]},
        "a choice of another question": {q1: [key["Q2:2"]]},
        "a choice of another quiz": {q1: [other["Q1:4"]]},
        "a choice past 64 bits": {q1: [10**30]},
        "two choices on a single-answer question": {q1: [key["Q1:3"], key["Q1:4"]]},
        "a choice given twice": {q2: [key["Q2:2"], key["Q2:2"]]},
        "more choices than the question has": {q1: [key["Q1:4"]] * 1000},
        "more answers than questions": {str(n): [] for n in range(10_000)},
    }


@pytest.mark.parametrize(
    "case",
    [
        "not an object",
        "a list",
        "null",
        "not a list of choices",
        "a text choice",
        "a decimal choice",
        "a boolean choice",
        "a nested list",
        "an unknown question",
        "a question id of other digits",
        "a question id past 64 bits",
        "another quiz's question",
        "a choice of another question",
        "a choice of another quiz",
        "a choice past 64 bits",
        "two choices on a single-answer question",
        "a choice given twice",
        "more choices than the question has",
        "more answers than questions",
    ],
)
def test_bad_answers_are_a_json_400_naming_the_field(client, student, case):
    quiz = quiz_in_course(student)

    response = submit(client, quiz, {"answers": bad_answers(quiz)[case]})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["answers"]
    assert not QuizAttempt.objects.exists()


def test_a_body_without_answers_is_a_400_naming_the_field(client, student):
    quiz = quiz_in_course(student)

    response = submit(client, quiz, {})

    assert response.status_code == 400
    assert response.json() == {"answers": ["This field is required."]}


def test_a_body_that_is_not_an_object_is_a_400(client, student):
    quiz = quiz_in_course(student)

    response = submit(client, quiz, [1, 2])

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_malformed_json_is_a_400(client, student):
    quiz = quiz_in_course(student)

    response = client.post(
        attempts_url(quiz), b'{"answers": {', content_type="application/json"
    )

    assert response.status_code == 400
    assert "detail" in response.json()


# Refusals


def test_a_student_of_another_course_is_refused_with_a_403(client):
    quiz = quiz_in_course()  # nobody enrolled

    response = submit(client, quiz, answer(quiz, **ALL_RIGHT))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the course's students can take this quiz."
    }
    assert not QuizAttempt.objects.exists()


def test_the_courses_owner_is_not_a_student_of_it_and_is_refused():
    quiz = quiz_in_course()

    response = submit(client_of(quiz.owner), quiz, answer(quiz, **ALL_RIGHT))

    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


def test_a_student_who_left_the_course_is_refused(client, student):
    quiz = quiz_in_course(student)
    course = Course.objects.get(modules__contents__in=quiz.contents.all())
    enrollment_delete(student=student, course=course)

    assert submit(client, quiz, answer(quiz, **ALL_RIGHT)).status_code == 403


def test_a_quiz_in_no_module_is_refused(client):
    quiz = QuizFactory(questions=QUIZ_TEXT)

    assert submit(client, quiz, {"answers": {}}).status_code == 403


def test_submitting_past_max_attempts_is_a_403_saying_so(client, student):
    quiz = quiz_in_course(student, max_attempts=2)
    for _ in range(2):
        assert submit(client, quiz, answer(quiz, Q1=["3"])).status_code == 201

    response = submit(client, quiz, answer(quiz, **ALL_RIGHT))

    assert response.status_code == 403
    assert response.json() == {"detail": "You have used all 2 attempts at this quiz."}
    assert QuizAttempt.objects.count() == 2


def test_a_quiz_without_questions_is_a_403_saying_so(client, student):
    quiz = quiz_in_course(student, text="")

    response = submit(client, quiz, {"answers": {}})

    assert response.status_code == 403
    assert response.json() == {"detail": "This quiz has no questions yet."}


def test_a_refusal_comes_before_the_answers_are_read(client):
    quiz = quiz_in_course()

    assert submit(client, quiz, {"answers": "junk"}).status_code == 403


def test_anonymous_callers_get_a_401(api_client):
    quiz = quiz_in_course()

    assert submit(api_client, quiz, {"answers": {}}).status_code == 401
    assert api_client.get(attempts_url(quiz)).status_code == 401


@pytest.mark.parametrize("quiz_id", [999_999, 2**63, 10**30])
def test_an_unknown_quiz_is_a_json_404(client, quiz_id):
    for response in [
        submit(client, quiz_id, {"answers": {}}),
        client.get(attempts_url(quiz_id)),
    ]:
        assert response.status_code == 404
        assert response.json() == {"detail": "No such quiz."}


def test_a_quiz_id_of_other_digits_is_a_404(client):
    url = attempts_url(1).replace("/1/", "/١/")

    assert client.get(url).status_code == 404
    assert client.post(url, {"answers": {}}, format="json").status_code == 404


# Reading one's attempts


def test_the_caller_reads_their_own_attempts_newest_first(client, student):
    quiz = quiz_in_course(student)
    first = submit(client, quiz, answer(quiz, Q1=["3"])).json()
    second = submit(client, quiz, answer(quiz, **ALL_RIGHT)).json()
    classmate = UserFactory()
    Course.objects.get(modules__contents__in=quiz.contents.all()).students.add(
        classmate
    )
    submit(client_of(classmate), quiz, answer(quiz, **ALL_RIGHT))

    body = client.get(attempts_url(quiz)).json()

    assert body == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {key: second[key] for key in ("id", "score", "passed", "created")},
            {key: first[key] for key in ("id", "score", "passed", "created")},
        ],
    }


def test_attempts_at_another_quiz_are_not_listed(client, student):
    quiz, other = quiz_in_course(student), quiz_in_course(student)
    submit(client, other, answer(other, **ALL_RIGHT))

    assert client.get(attempts_url(quiz)).json()["count"] == 0


def test_the_attempts_are_paginated(client, student):
    quiz = quiz_in_course(student)
    for _ in range(3):
        submit(client, quiz, answer(quiz, Q1=["4"]))

    body = client.get(attempts_url(quiz), {"page_size": 2}).json()

    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"].endswith("page=2&page_size=2")
    assert client.get(attempts_url(quiz), {"page": 9}).status_code == 404


def test_a_former_student_still_reads_their_attempts(client, student):
    quiz = quiz_in_course(student)
    submit(client, quiz, answer(quiz, **ALL_RIGHT))
    course = Course.objects.get(modules__contents__in=quiz.contents.all())
    enrollment_delete(student=student, course=course)

    assert client.get(attempts_url(quiz)).json()["count"] == 1


# Queries


@pytest.mark.parametrize("questions", [2, 20])
def test_submitting_runs_the_same_queries_whatever_the_number_of_questions(
    client, student, questions, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(questions), max_attempts=5)
    key = ids(quiz)
    body = {
        "answers": {
            str(key[f"Q{n}"]): [key[f"Q{n}:Answer {n}.0"]]
            for n in range(1, questions + 1)
        }
    }

    # The token's user + the quiz with whether the caller is a student of it;
    # then attempt_submit: the caller's row locked + the quiz's content open to
    # them + the attempts used (max_attempts) + the answer key (questions and
    # choices, one query) + the attempt + the content marked done (passed: the
    # mark, the course's state, and its completion recorded, this quiz being its
    # only content): 10 queries, and 2 savepoint statements (attempt_submit's,
    # within the test's transaction).
    with django_assert_num_queries(12):
        response = submit(client, quiz, body)

    assert response.json()["score"] == 100


@pytest.mark.parametrize("questions", [2, 20])
def test_listing_runs_the_same_queries_whatever_the_number_of_questions(
    client, student, questions, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(questions))
    for _ in range(3):
        submit(client, quiz, {"answers": {}})

    # The token's user + the quiz + the count (pagination) + a page of attempts.
    with django_assert_num_queries(4):
        body = client.get(attempts_url(quiz)).json()

    assert body["count"] == 3
