"""attempt_submit: a quiz graded on the server, stored, and counted as progress."""

import contextlib
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import pre_save

from accounts.tests.factories import UserFactory
from courses.models import Course, Quiz
from courses.services import enrollment_delete, quiz_questions_replace
from courses.tests.factories import QUIZ_TEXT, ModuleFactory, add_quiz, quiz_text
from students.models import Completion, QuizAttempt
from students.progress import with_progress
from students.quiz_attempts import (
    AttemptRefused,
    QuizStanding,
    attempt_results,
    attempt_submit,
    attempts_left,
    attempts_of,
    best_score,
    quiz_standings,
)

db = pytest.mark.django_db


@pytest.fixture
def student(db):
    return UserFactory()


def quiz_in_course(student=None, text=QUIZ_TEXT, **fields) -> Quiz:
    """A quiz of `text` in a module of a course `student` (if any) has joined."""
    module = ModuleFactory()
    if student is not None:
        module.course.students.add(student)
    return add_quiz(module, text=text, **fields).item


def ids(quiz) -> dict[str, int]:
    """Question and choice ids by text: "Q1", "Q2" for the questions in order,
    "Q1:4" for the choice "4" of the first question."""
    found = {}
    for n, question in enumerate(quiz.questions.prefetch_related("choices"), 1):
        found[f"Q{n}"] = question.pk
        for choice in question.choices.all():
            found[f"Q{n}:{choice.text}"] = choice.pk
    return found


def answer(quiz, **chosen: list[str]) -> dict[str, list[int]]:
    """`answer(quiz, Q1=["4"])`: the answers a client sends, by texts."""
    key = ids(quiz)
    return {
        str(key[question]): [key[f"{question}:{text}"] for text in texts]
        for question, texts in chosen.items()
    }


def refusal(**kwargs) -> AttemptRefused:
    with pytest.raises(AttemptRefused) as caught:
        attempt_submit(**kwargs)
    return caught.value


def answer_errors(**kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        attempt_submit(**kwargs)
    assert list(caught.value.message_dict) == ["answers"]
    return caught.value.message_dict["answers"]


@db
def test_all_right_answers_score_100_pass_and_mark_the_quiz_done(student):
    quiz = quiz_in_course(student)

    attempt = attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["4"], Q2=["2", "3"])
    )

    assert (attempt.score, attempt.passed) == (100, True)
    key = ids(quiz)
    assert attempt.results == [
        {"question": key["Q1"], "correct": True},
        {"question": key["Q2"], "correct": True},
    ]
    assert Completion.objects.filter(
        student=student, content__in=quiz.contents.all()
    ).exists()


@db
def test_a_passed_quiz_counts_in_the_courses_progress(student):
    quiz = quiz_in_course(student)
    course = Course.objects.get(modules__contents__in=quiz.contents.all())

    attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["4"], Q2=["2", "3"])
    )

    counted = with_progress(Course.objects.filter(pk=course.pk), student=student)
    assert (counted[0].content_done, counted[0].content_total) == (1, 1)


@db
def test_half_right_scores_50_and_fails_below_the_pass_mark_leaving_it_not_done(
    student,
):
    quiz = quiz_in_course(student)

    attempt = attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["4"], Q2=["2"])
    )

    assert (attempt.score, attempt.passed) == (50, False)
    assert [r["correct"] for r in attempt.results] == [True, False]
    assert not Completion.objects.exists()


@db
def test_a_score_equal_to_the_pass_mark_passes(student):
    quiz = quiz_in_course(student, pass_mark=50)

    attempt = attempt_submit(student=student, quiz=quiz, answers=answer(quiz, Q1=["4"]))

    assert (attempt.score, attempt.passed) == (50, True)


@pytest.mark.parametrize(
    "chosen", [["2"], ["3"], ["2", "3", "4"], ["2", "4"], ["4"], []]
)
@db
def test_a_multiple_answer_question_is_right_only_for_exactly_the_correct_set(
    student, chosen
):
    quiz = quiz_in_course(student)

    attempt = attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["4"], Q2=chosen)
    )

    assert [r["correct"] for r in attempt.results] == [True, False]


@db
def test_questions_left_out_count_wrong(student):
    quiz = quiz_in_course(student)

    attempt = attempt_submit(student=student, quiz=quiz, answers={})

    assert (attempt.score, attempt.passed) == (0, False)
    assert [r["correct"] for r in attempt.results] == [False, False]


@db
def test_the_score_is_rounded_down(student):
    quiz = quiz_in_course(student, text=quiz_text(3))

    attempt = attempt_submit(
        student=student,
        quiz=quiz,
        answers=answer(quiz, Q1=["Answer 1.0"], Q2=["Answer 2.0"], Q3=["Answer 3.1"]),
    )

    assert attempt.score == 66


@db
def test_the_attempt_stores_the_chosen_ids_of_every_question(student):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    attempt = attempt_submit(
        student=student, quiz=quiz, answers={key["Q2"]: [key["Q2:3"], key["Q2:2"]]}
    )

    attempt.refresh_from_db()
    assert attempt.answers == {
        str(key["Q1"]): [],
        str(key["Q2"]): sorted([key["Q2:2"], key["Q2:3"]]),
    }


@db
def test_a_later_failure_leaves_a_passed_quiz_done(student):
    quiz = quiz_in_course(student)
    attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["4"], Q2=["2", "3"])
    )

    attempt_submit(student=student, quiz=quiz, answers={})

    assert Completion.objects.filter(student=student).count() == 1


# Bad answers: a ValidationError keyed "answers" naming what is wrong, and
# nothing stored.


@db
def test_answers_that_are_not_an_object_are_an_error(student):
    quiz = quiz_in_course(student)

    assert answer_errors(student=student, quiz=quiz, answers=[1, 2]) == [
        "Send an object of question ids to lists of choice ids."
    ]
    assert not QuizAttempt.objects.exists()


@db
def test_a_question_of_another_quiz_is_an_error_naming_it(student):
    quiz = quiz_in_course(student)
    other = ids(quiz_in_course(student))

    errors = answer_errors(
        student=student, quiz=quiz, answers={str(other["Q1"]): [other["Q1:4"]]}
    )

    assert errors == [f"There is no question {other['Q1']} in this quiz."]
    assert not QuizAttempt.objects.exists()


@db
def test_a_choice_of_another_question_is_an_error_naming_both(student):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(
        student=student, quiz=quiz, answers={str(key["Q1"]): [key["Q2:2"]]}
    )

    assert errors == [f"Choice {key['Q2:2']} is not a choice of question {key['Q1']}."]


@db
def test_several_choices_on_a_single_answer_question_are_an_error(student):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(
        student=student, quiz=quiz, answers=answer(quiz, Q1=["3", "4"])
    )

    assert errors == [f"Question {key['Q1']} takes one choice; 2 were given."]


@pytest.mark.parametrize("value", [4, "4", None, {"a": 1}])
@db
def test_an_answer_that_is_not_a_list_is_an_error(student, value):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(student=student, quiz=quiz, answers={key["Q1"]: value})

    assert errors == [
        f"The answer to question {key['Q1']} must be a list of choice ids."
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("7", "7"), (1.0, "1.0"), (True, "True"), (None, "None"), ("x" * 99, "x" * 20)],
)
@db
def test_a_choice_id_that_is_not_an_integer_is_an_error(student, value, shown):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(student=student, quiz=quiz, answers={key["Q2"]: [value]})

    assert errors[0].startswith(f"“{shown}")
    assert errors[0].endswith(f"is not a choice id (question {key['Q2']}).")


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "١", "", "9" * 30])
@db
def test_a_question_key_that_is_not_an_id_is_an_error(student, raw):
    quiz = quiz_in_course(student)

    errors = answer_errors(student=student, quiz=quiz, answers={raw: []})

    assert len(errors) == 1
    assert errors[0].endswith("is not a question id.")


@db
def test_a_choice_given_twice_or_a_question_answered_twice_is_an_error(student):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(
        student=student,
        quiz=quiz,
        answers={str(key["Q2"]): [key["Q2:2"], key["Q2:2"]]},
    )
    twice = answer_errors(
        student=student, quiz=quiz, answers={str(key["Q1"]): [], key["Q1"]: []}
    )

    assert errors == [f"Choice {key['Q2:2']} is given twice (question {key['Q2']})."]
    assert twice == [f"Question {key['Q1']} is answered twice."]


@db
def test_more_answers_than_questions_or_choices_are_refused_before_any_check(
    student,
):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    many = answer_errors(
        student=student, quiz=quiz, answers={str(n): [] for n in range(10_000)}
    )
    long = answer_errors(
        student=student, quiz=quiz, answers={key["Q2"]: list(range(10_000))}
    )

    assert many == ["10000 answers for a quiz of 2 questions."]
    assert long == [f"Question {key['Q2']} has 3 choices; 10000 were given."]


@db
def test_each_faulty_answer_is_named(student):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    errors = answer_errors(
        student=student, quiz=quiz, answers={key["Q1"]: "4", key["Q2"]: ["2"]}
    )

    assert errors == [
        f"The answer to question {key['Q1']} must be a list of choice ids.",
        f"“2” is not a choice id (question {key['Q2']}).",
    ]


# Refusals: AttemptRefused with a reason, and nothing stored.


@db
def test_someone_not_enrolled_is_refused(student):
    quiz = quiz_in_course(student=None)

    refused = refusal(student=student, quiz=quiz, answers={})

    assert refused.reason == AttemptRefused.CLOSED
    assert str(refused) == "Only the course's students can take this quiz."
    assert not QuizAttempt.objects.exists()


@db
def test_a_student_who_left_the_course_is_refused(student):
    quiz = quiz_in_course(student)
    course = Course.objects.get(modules__contents__in=quiz.contents.all())
    enrollment_delete(student=student, course=course)

    assert refusal(student=student, quiz=quiz, answers={}).reason == "closed"


@db
def test_the_courses_owner_may_try_the_quiz():
    quiz = quiz_in_course()

    attempt = attempt_submit(student=quiz.owner, quiz=quiz, answers={})

    assert attempt.pk is not None


@db
def test_a_quiz_in_no_module_is_refused(student):
    from courses.tests.factories import QuizFactory

    quiz = QuizFactory(questions=QUIZ_TEXT)

    assert refusal(student=student, quiz=quiz, answers={}).reason == "closed"


@db
def test_submitting_past_max_attempts_is_refused(student):
    quiz = quiz_in_course(student, max_attempts=2)
    attempt_submit(student=student, quiz=quiz, answers={})
    attempt_submit(student=student, quiz=quiz, answers={})

    refused = refusal(student=student, quiz=quiz, answers={})

    assert refused.reason == AttemptRefused.NO_ATTEMPTS_LEFT
    assert refused.message == "You have used all 2 attempts at this quiz."
    assert QuizAttempt.objects.count() == 2


@db
def test_another_students_attempts_do_not_use_up_mine(student):
    quiz = quiz_in_course(student, max_attempts=1)
    other = UserFactory()
    Course.objects.get(modules__contents__in=quiz.contents.all()).students.add(other)
    attempt_submit(student=other, quiz=quiz, answers={})

    attempt_submit(student=student, quiz=quiz, answers={})

    assert QuizAttempt.objects.filter(student=student).count() == 1


@db
def test_a_quiz_without_questions_is_refused(student):
    module = ModuleFactory()
    module.course.students.add(student)
    quiz = add_quiz(module, text="").item  # no questions written yet

    assert refusal(student=student, quiz=quiz, answers={}).reason == "no_questions"


@pytest.mark.parametrize("count", [2, 20])
@db
def test_a_passing_submit_runs_the_same_queries_whatever_the_number_of_questions(
    student, count, django_assert_num_queries
):
    quiz = quiz_in_course(student, text=quiz_text(count), max_attempts=5)
    answers = answer(quiz, **{f"Q{n}": [f"Answer {n}.0"] for n in range(1, count + 1)})
    ContentType.objects.get_for_model(Quiz)  # cached for the process, as in a server

    # The savepoint; the student's lock; the quiz's content, if open to them;
    # the attempts so far; the questions with their choices; the attempt's
    # insert; the mark done (the mark, the course's state, its completion
    # recorded: the quiz is its only content), under the same lock; the release.
    with django_assert_num_queries(10):
        attempt = attempt_submit(student=student, quiz=quiz, answers=answers)

    assert attempt.score == 100


# What the quiz's page shows.


@db
def test_attempts_of_lists_the_students_own_attempts_at_the_quiz_newest_first(
    student,
):
    quiz = quiz_in_course(student)
    first = attempt_submit(student=student, quiz=quiz, answers={})
    second = attempt_submit(student=student, quiz=quiz, answers=answer(quiz, Q1=["4"]))
    other = quiz_in_course(student)
    attempt_submit(student=student, quiz=other, answers={})

    assert list(attempts_of(student=student, quiz=quiz)) == [second, first]
    assert not attempts_of(student=UserFactory(), quiz=quiz).exists()


@db
def test_best_score_and_attempts_left(student):
    quiz = quiz_in_course(student, max_attempts=3)
    assert best_score(student=student, quiz=quiz) is None
    assert attempts_left(student=student, quiz=quiz) == 3

    attempt_submit(student=student, quiz=quiz, answers=answer(quiz, Q1=["4"]))
    attempt_submit(student=student, quiz=quiz, answers={})

    assert best_score(student=student, quiz=quiz) == 50
    assert attempts_left(student=student, quiz=quiz) == 1


@db
def test_standings_of_several_quizzes_take_one_query(
    student, django_assert_num_queries
):
    unlimited = quiz_in_course(student)
    limited = quiz_in_course(student, max_attempts=2)
    untried = quiz_in_course(student)
    attempt_submit(
        student=student,
        quiz=unlimited,
        answers=answer(unlimited, Q1=["4"], Q2=["2", "3"]),
    )
    attempt_submit(student=student, quiz=unlimited, answers={})
    attempt_submit(student=student, quiz=limited, answers={})

    with django_assert_num_queries(1):
        standings = quiz_standings(
            student=student, quizzes=[unlimited, limited, untried]
        )

    assert standings == {
        unlimited.pk: QuizStanding(
            attempts=2, best_score=100, passed=True, attempts_left=None
        ),
        limited.pk: QuizStanding(
            attempts=1, best_score=0, passed=False, attempts_left=1
        ),
        untried.pk: QuizStanding(
            attempts=0, best_score=None, passed=False, attempts_left=None
        ),
    }


@db
def test_a_stored_attempts_results_are_read_again_until_the_questions_change(
    student,
):
    quiz = quiz_in_course(student)
    attempt = attempt_submit(
        student=student, quiz=quiz, answers=answer(quiz, Q2=["2", "3"])
    )
    stored = QuizAttempt.objects.get(pk=attempt.pk)

    assert attempt_results(attempt=stored) == attempt.results

    quiz_questions_replace(quiz=quiz, text=QUIZ_TEXT)  # the same text, new rows

    assert attempt_results(attempt=stored) is None
    stored.refresh_from_db()
    assert (stored.score, stored.passed) == (50, False)  # kept as graded


# max_attempts under concurrent submits (PostgreSQL: SQLite locks the whole
# database for a write, so its race is not this one).


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_on_the_last_attempt_make_one_attempt_one_refusal():
    student = UserFactory()
    quiz = quiz_in_course(student, max_attempts=2)
    attempt_submit(student=student, quiz=quiz, answers={})  # one attempt left
    # Each submit waits at its insert for the other, up to a few seconds: without
    # the lock both have counted one attempt by then and both would insert; with
    # it the second is still waiting for the lock, so the first goes on alone.
    arrivals = threading.Barrier(2, timeout=3)
    waiting = threading.local()

    def hold(sender, **kwargs):
        if not getattr(waiting, "done", False):
            waiting.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                arrivals.wait()

    start = threading.Barrier(2, timeout=30)
    outcomes = []

    def submit():
        start.wait()
        try:
            attempt_submit(student=student, quiz=quiz, answers={})
            outcomes.append("attempt")
        except AttemptRefused as refused:
            outcomes.append(refused.reason)
        finally:
            connection.close()

    pre_save.connect(hold, sender=QuizAttempt, weak=False)
    try:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(hold, sender=QuizAttempt)

    assert sorted(outcomes) == ["attempt", AttemptRefused.NO_ATTEMPTS_LEFT]
    assert QuizAttempt.objects.filter(student=student, quiz=quiz).count() == 2
