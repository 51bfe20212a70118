"""Taking a quiz: a student's attempts, graded on the server (issue 18).

One service, attempt_submit(), used by the module page and the API alike; the
helpers below read what a quiz's page shows (attempts, best score, attempts
left). Refusals are AttemptRefused, never Http404 or PermissionDenied: the
callers turn them into a 403 and a message.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast

from courses.models import Question, Quiz
from educa.parsing import parse_id
from students.models import QuizAttempt
from students.services import completion_add_locked, student_lock


class AttemptRefused(Exception):
    """The student may not submit this quiz now; `reason` says why (one of the
    constants below) and the message says it to the student."""

    CLOSED = "closed"  # not a student of the quiz's course (nor its owner)
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    NO_QUESTIONS = "no_questions"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class _Key:
    """One question's answer key: its choices, the correct ones, single or not."""

    multiple: bool
    choices: set[int] = field(default_factory=set)
    correct: set[int] = field(default_factory=set)


def _answer_key(quiz: Quiz | int) -> dict[int, _Key]:
    """The quiz's questions in order, with their choices: one query."""
    key: dict[int, _Key] = {}
    rows = Question.objects.filter(quiz=quiz).values_list(
        "pk", "multiple", "choices__pk", "choices__correct"
    )
    for question, multiple, choice, correct in rows:
        entry = key.setdefault(question, _Key(multiple=multiple))
        if choice is not None:
            entry.choices.add(choice)
            if correct:
                entry.correct.add(choice)
    return key


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 20 else f"{text[:20]}…"


def _answer_errors(question: int, entry: _Key, choices) -> str | None:
    """What is wrong with the answer to one question, else None."""
    if not isinstance(choices, list):
        return f"The answer to question {question} must be a list of choice ids."
    if len(choices) > len(entry.choices):
        return (
            f"Question {question} has {len(entry.choices)} choices; "
            f"{len(choices)} were given."
        )
    seen: set[int] = set()
    for choice in choices:
        if isinstance(choice, bool) or not isinstance(choice, int):
            return f"“{_short(choice)}” is not a choice id (question {question})."
        if choice not in entry.choices:
            return f"Choice {choice} is not a choice of question {question}."
        if choice in seen:
            return f"Choice {choice} is given twice (question {question})."
        seen.add(choice)
    if not entry.multiple and len(choices) > 1:
        return f"Question {question} takes one choice; {len(choices)} were given."
    return None


def _chosen(key: dict[int, _Key], answers) -> dict[int, set[int]]:
    """The valid `answers` as choice ids by question id, else ValidationError
    keyed "answers", naming each fault (a bounded number: one per question)."""
    if not isinstance(answers, dict):
        raise ValidationError(
            {"answers": "Send an object of question ids to lists of choice ids."}
        )
    if len(answers) > len(key):
        raise ValidationError(
            {"answers": f"{len(answers)} answers for a quiz of {len(key)} questions."}
        )
    chosen: dict[int, set[int]] = {}
    errors = []
    for raw, choices in answers.items():
        question = parse_id(raw)
        if question is None:
            errors.append(f"“{_short(raw)}” is not a question id.")
        elif question not in key:
            errors.append(f"There is no question {question} in this quiz.")
        elif question in chosen:
            errors.append(f"Question {question} is answered twice.")
        elif error := _answer_errors(question, key[question], choices):
            errors.append(error)
        else:
            chosen[question] = set(choices)
    if errors:
        raise ValidationError({"answers": errors})
    return chosen


def _results(key: dict[int, _Key], chosen: dict[int, set[int]]) -> list[dict]:
    """Each question's verdict in order: right only for exactly its correct set;
    a question left out is wrong."""
    return [
        {"question": question, "correct": chosen.get(question) == entry.correct}
        for question, entry in key.items()
    ]


@transaction.atomic
def attempt_submit(*, student, quiz: Quiz, answers) -> QuizAttempt:
    """Grade the student's `answers` ({question id: [choice id, ...]}) and store
    the attempt; a pass marks the quiz's content done.

    Raises AttemptRefused when the student may not study the quiz's course, has
    no attempts left or the quiz has no questions, and ValidationError keyed
    "answers" for answers that are not this quiz's. The returned attempt carries
    `results`, [{"question": id, "correct": bool}] in the quiz's order. A
    constant number of queries, whatever the number of questions.
    """
    # One student's submits one at a time: two at once cannot both take the
    # last attempt (each counts the attempts after the lock).
    student_lock(student)
    content = quiz.contents.open_to(student).first()
    if content is None:
        raise AttemptRefused(
            AttemptRefused.CLOSED, "Only the course's students can take this quiz."
        )
    if quiz.max_attempts is not None:
        used = QuizAttempt.objects.filter(student=student, quiz=quiz).count()
        if used >= quiz.max_attempts:
            raise AttemptRefused(
                AttemptRefused.NO_ATTEMPTS_LEFT,
                f"You have used all {quiz.max_attempts} attempts at this quiz.",
            )
    key = _answer_key(quiz)
    if not key:
        raise AttemptRefused(
            AttemptRefused.NO_QUESTIONS, "This quiz has no questions yet."
        )
    chosen = _chosen(key, answers)
    results = _results(key, chosen)
    score = 100 * sum(result["correct"] for result in results) // len(results)
    attempt = QuizAttempt.objects.create(
        student=student,
        quiz=quiz,
        score=score,
        passed=score >= quiz.pass_mark,
        # Every question of the quiz, answered or not: attempt_results() tells
        # by these ids whether the questions were replaced since.
        answers={str(q): sorted(chosen.get(q, ())) for q in key},
    )
    attempt.results = results
    if attempt.passed:  # the student is locked above
        completion_add_locked(student=student, content=content)
    return attempt


def attempt_results(*, attempt: QuizAttempt) -> list[dict] | None:
    """The stored attempt's verdicts, as attempt_submit() returned them, or None
    when the quiz's questions have been replaced since (one query)."""
    key = _answer_key(attempt.quiz_id)
    if set(attempt.answers) != {str(question) for question in key}:
        return None
    chosen = {int(q): set(choices) for q, choices in attempt.answers.items()}
    return _results(key, chosen)


def attempts_of(*, student, quiz: Quiz) -> models.QuerySet[QuizAttempt]:
    """The student's attempts at the quiz, newest first."""
    return QuizAttempt.objects.filter(student=student, quiz=quiz).order_by(
        "-created", "-pk"
    )


@dataclass(frozen=True)
class QuizStanding:
    """Where a student stands on one quiz: what its page shows beside the form."""

    attempts: int
    best_score: int | None  # None before the first attempt
    passed: bool  # by any attempt
    attempts_left: int | None  # None: unlimited


def quiz_standings(*, student, quizzes: Iterable[Quiz]) -> dict[int, QuizStanding]:
    """Each quiz's standing for the student, by quiz id: one query, however
    many quizzes (a module page shows several)."""
    quizzes = list(quizzes)
    rows = {
        row["quiz"]: row
        for row in QuizAttempt.objects.filter(student=student, quiz__in=quizzes)
        .values("quiz")
        .order_by()
        .annotate(
            count=models.Count("pk"),
            best=models.Max("score"),
            passed_any=models.Max(Cast("passed", models.IntegerField())),
        )
    }
    standings = {}
    for quiz in quizzes:
        row = rows.get(quiz.pk, {})
        count = row.get("count", 0)
        standings[quiz.pk] = QuizStanding(
            attempts=count,
            best_score=row.get("best"),
            passed=bool(row.get("passed_any")),
            attempts_left=None
            if quiz.max_attempts is None
            else max(quiz.max_attempts - count, 0),
        )
    return standings


def best_score(*, student, quiz: Quiz) -> int | None:
    """The student's best score at the quiz, None before their first attempt."""
    return quiz_standings(student=student, quizzes=[quiz])[quiz.pk].best_score


def attempts_left(*, student, quiz: Quiz) -> int | None:
    """How many more times the student may submit the quiz; None: unlimited."""
    return quiz_standings(student=student, quizzes=[quiz])[quiz.pk].attempts_left
