"""Helpers of the quiz pages' tests: quizzes in a course a student joined, and
the answers the module page's form posts."""

from django.urls import reverse

from courses.models import Quiz
from courses.tests.factories import QUIZ_TEXT, ModuleFactory, add_quiz


def quiz_in_course(student=None, text: str = QUIZ_TEXT, module=None, **fields) -> Quiz:
    """A quiz of `text` in a module (new, or `module`) of a course `student`
    (if any) has joined."""
    module = module or ModuleFactory()
    if student is not None:
        module.course.students.add(student)
    return add_quiz(module, text=text, **fields).item


def module_url(quiz: Quiz) -> str:
    module = quiz.contents.get().module
    return reverse("students:student_course_module", args=[module.course_id, module.pk])


def attempt_url(quiz: Quiz) -> str:
    return reverse("students:quiz_attempt_create", args=[quiz.pk])


def ids(quiz: Quiz) -> dict[str, int]:
    """Question and choice ids by text: "Q1", "Q2" for the questions in order,
    "Q1:4" for the choice "4" of the first question."""
    found = {}
    for n, question in enumerate(quiz.questions.prefetch_related("choices"), 1):
        found[f"Q{n}"] = question.pk
        for choice in question.choices.all():
            found[f"Q{n}:{choice.text}"] = choice.pk
    return found


def form_data(quiz: Quiz, **chosen: list[str]) -> dict[str, list[int]]:
    """`form_data(quiz, Q1=["4"])`: what the module page's form posts, by texts."""
    key = ids(quiz)
    return {
        f"question-{key[question]}": [key[f"{question}:{text}"] for text in texts]
        for question, texts in chosen.items()
    }


# The answers to QUIZ_TEXT: all right, and half right (50%, under the default
# pass mark of 60).
ALL_RIGHT = {"Q1": ["4"], "Q2": ["2", "3"]}
HALF_RIGHT = {"Q1": ["4"], "Q2": ["2"]}
