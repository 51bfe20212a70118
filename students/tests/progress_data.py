"""Helpers of the progress page's tests (issue 19): a course with modules,
contents and quizzes, students with marks and attempts at chosen times."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Content, Course
from courses.tests.factories import CourseFactory, ModuleFactory, add_content, add_quiz
from students.models import Completion, QuizAttempt
from students.services import completion_set

# When the marks and attempts of the tests were made: a fixed day.
DAY = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def page_url(course, **query) -> str:
    url = reverse("instructor:course_progress", args=[course.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def api_url(course) -> str:
    return reverse("api:course-progress", args=[course.pk])


def course_of(owner=None, *, modules: int = 2, texts: int = 2, quizzes: int = 1):
    """A course of `modules` modules, each of `texts` texts; the first
    `quizzes` modules end with a quiz (so a module of n contents has n + 1)."""
    course = CourseFactory(**({"owner": owner} if owner else {}))
    for n in range(modules):
        module = ModuleFactory(course=course, title=f"Module {n + 1}")
        for _ in range(texts):
            add_content(module)
        if n < quizzes:
            add_quiz(module, title=f"Quiz {n + 1}")
    return course


def contents(course: Course) -> list[Content]:
    return list(
        Content.objects.filter(module__course=course).order_by("module__order", "order")
    )


def quizzes(course: Course):
    return [c.item for c in contents(course) if c.content_type.model == "quiz"]


def enrol(course: Course, **fields):
    student = UserFactory(**fields)
    course.students.add(student)
    return student


def mark(student, content: Content, *, at: datetime = DAY) -> None:
    completion_set(student=student, content=content, done=True)
    Completion.objects.filter(student=student, content=content).update(created=at)


def attempt(student, quiz, score: int, *, at: datetime = DAY) -> QuizAttempt:
    made = QuizAttempt.objects.create(
        student=student, quiz=quiz, score=score, passed=score >= quiz.pass_mark
    )
    QuizAttempt.objects.filter(pk=made.pk).update(created=at)
    return made


def later(days: int) -> datetime:
    return DAY + timedelta(days=days)
