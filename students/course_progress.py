"""A course's students as its owner sees them (issue 19): each one's contents
done, best score at each quiz and last activity; how many finished each module
(a chart drawn here, as SVG); the same rows as CSV.

A fixed number of queries whatever the numbers of students, modules, contents
and quizzes: the counts and dates are subqueries of the one query for the
students, the best scores one grouped query for all the students shown.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.shortcuts import get_object_or_404

from courses.managers import count_of
from courses.models import Content, Course, Module, Quiz
from students.models import Completion, QuizAttempt

if TYPE_CHECKING:
    from accounts.models import User

# ?sort= keys: each a column of the page, ascending, and "-" for descending.
# Percent is done / the course's one total, so done orders it. Ties (and
# "never" for the activity, first when ascending, last when descending) go by
# username, so that a page's rows never move between requests.
SORTS = {
    "name": ("username",),
    "-name": ("-username",),
    "percent": ("content_done", "username"),
    "-percent": ("-content_done", "username"),
    "activity": (F("last_activity").asc(nulls_first=True), "username"),
    "-activity": (F("last_activity").desc(nulls_last=True), "username"),
}
DEFAULT_SORT = "name"

# Cells a spreadsheet would read as a formula (OWASP, "CSV injection"): a quote
# before them makes them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sort_key(value: str | None) -> str:
    """?sort= as one of SORTS; anything else is the default (a stale or edited
    link still shows the students, by name)."""
    return value if value in SORTS else DEFAULT_SORT


def owned_course(user, pk: int) -> Course:
    """The user's course `pk`, annotated `content_total`, else Http404."""
    courses = Course.objects.owned_by(user).annotate(
        content_total=count_of(Content.objects.filter(module__course=OuterRef("pk")))
    )
    return get_object_or_404(courses.only("title", "slug"), pk=pk)


def _quiz_contents(course_id):
    # The kind by name, in the join: Quiz's GenericRelation would ask
    # ContentType.get_for_model(), a query whenever its cache is cold.
    return Content.objects.filter(
        module__course=course_id,
        content_type__app_label="courses",
        content_type__model="quiz",
    )


@dataclass(frozen=True)
class CourseQuiz:
    id: int
    title: str


def course_quizzes(course: Course) -> list[CourseQuiz]:
    """The course's quizzes in the order its modules show them: one query."""
    title = Quiz.objects.filter(pk=OuterRef("object_id")).values("title")
    rows = (
        _quiz_contents(course.pk)
        .order_by("module__order", "module__pk", "order", "pk")
        .annotate(quiz_title=Subquery(title))
        .values_list("object_id", "quiz_title")
    )
    # A quiz shown twice has one column.
    quizzes = {quiz_id: CourseQuiz(quiz_id, title) for quiz_id, title in rows}
    return list(quizzes.values())


def _latest(queryset) -> Subquery:
    """The latest `created` of a correlated `queryset`, or None (no GROUP BY,
    as count_of)."""
    latest = queryset.order_by().annotate(
        latest=models.Func(F("created"), function="MAX")
    )
    return Subquery(latest.values("latest"))


def course_students(course: Course, *, sort: str = DEFAULT_SORT):
    """The course's students annotated `content_done` (their marks in it) and
    `last_activity` (their latest mark or quiz attempt in it, None for never),
    in the order of `sort` (a SORTS key)."""
    marks = Completion.objects.filter(
        student=OuterRef("pk"), content__module__course=course.pk
    )
    attempts = QuizAttempt.objects.filter(
        student=OuterRef("pk"),
        quiz__in=_quiz_contents(course.pk).values("object_id"),
    )
    last_mark, last_attempt = _latest(marks), _latest(attempts)
    return (
        get_user_model()
        .objects.filter(courses_joined=course.pk)
        .only("username", "email", "first_name", "last_name")
        .annotate(
            content_done=count_of(marks),
            # GREATEST is NULL on SQLite when either is: each falls back on
            # the other.
            last_activity=Greatest(
                Coalesce(last_mark, last_attempt), Coalesce(last_attempt, last_mark)
            ),
        )
        .order_by(*SORTS[sort])
    )


@dataclass(frozen=True)
class QuizScore:
    quiz: CourseQuiz
    best_score: int | None  # None: not attempted
    passed: bool | None  # by any attempt; None: not attempted


@dataclass(frozen=True)
class StudentProgress:
    """One student's row: the page's, the CSV's and the API's."""

    student: "User"
    done: int
    total: int
    last_activity: datetime | None
    quizzes: list[QuizScore]

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


def progress_rows(
    students, *, course: Course, quizzes: list[CourseQuiz]
) -> list[StudentProgress]:
    """The rows of `students` (annotated by course_students(), a page of them
    or all): one more query for their best scores, none when there are no
    quizzes or no students."""
    students = list(students)
    scores = {}
    if students and quizzes:
        best = (
            QuizAttempt.objects.filter(
                student__in=[student.pk for student in students],
                quiz__in=[quiz.id for quiz in quizzes],
            )
            .values_list("student", "quiz")
            .order_by()
            .annotate(
                best=models.Max("score"),
                passed=models.Max(Cast("passed", models.IntegerField())),
            )
        )
        scores = {
            (student, quiz): (score, bool(passed))
            for student, quiz, score, passed in best
        }
    return [
        StudentProgress(
            student=student,
            done=student.content_done,
            total=course.content_total,  # type: ignore[attr-defined]  # an annotation (owned_course)
            last_activity=student.last_activity,
            quizzes=[
                QuizScore(quiz, *scores.get((student.pk, quiz.id), (None, None)))
                for quiz in quizzes
            ],
        )
        for student in students
    ]


# The CSV


def csv_cell(value) -> str | int:
    """A cell as a spreadsheet will read it: text that would start a formula
    gets a quote before it; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def progress_csv(rows: list[StudentProgress], *, quizzes: list[CourseQuiz]) -> str:
    """`username,email,done,total,percent` then each quiz's best score, one
    line per student."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["username", "email", "done", "total", "percent"]
    # Quoted first, then told apart: "=SUM" and "'=SUM" both read "'=SUM".
    titles = [str(csv_cell(quiz.title)) for quiz in quizzes]
    writer.writerow(header + _distinct(titles, taken=header))
    for row in rows:
        student = row.student
        writer.writerow(
            [
                csv_cell(value)
                for value in [
                    student.username,
                    student.email,
                    row.done,
                    row.total,
                    row.percent,
                    *(score.best_score for score in row.quizzes),
                ]
            ]
        )
    return out.getvalue()


def _distinct(titles: list[str], *, taken: list[str]) -> list[str]:
    """`titles`, each repeated one (or one in `taken`) followed by " (2)",
    " (3)"...: a spreadsheet tells the columns apart by their headers."""
    used, distinct = set(taken), []
    for title in titles:
        name, n = title, 1
        while name in used:
            n += 1
            name = f"{title} ({n})"
        used.add(name)
        distinct.append(name)
    return distinct


# The chart of how many students finished each module


@dataclass(frozen=True)
class ModuleFinish:
    id: int
    title: str
    contents: int
    finished: int  # students who did every content; 0 for a module without any


def module_finishes(course: Course) -> list[ModuleFinish]:
    """Each module of the course, in order, with how many of its students did
    every one of its contents: one query."""
    # A student finished a module when none of its contents lacks their mark:
    # a few index probes per student and content, where counting each
    # student's marks in each module would read all their marks every time.
    unmarked = Content.objects.filter(module=OuterRef(OuterRef("pk"))).exclude(
        Exists(
            Completion.objects.filter(
                student=OuterRef(OuterRef("user_id")), content=OuterRef("pk")
            )
        )
    )
    finishers = Course.students.through.objects.filter(course=course.pk).filter(
        ~Exists(unmarked)
    )
    rows = (
        Module.objects.filter(course=course.pk)
        .annotate(
            content_count=count_of(Content.objects.filter(module=OuterRef("pk"))),
            finished=count_of(finishers),
        )
        .values_list("pk", "title", "content_count", "finished")
    )
    # A module with nothing to do has no finishers rather than every student.
    return [
        ModuleFinish(pk, title, count, finished if count else 0)
        for pk, title, count, finished in rows
    ]


# The chart's geometry, in SVG user units (the image scales to the page's width).
CHART_WIDTH = 640
BAR_MAX = 440  # the longest bar: every student
ROW_HEIGHT = 46
LABEL_BASELINE = 16  # a module's title, above its bar
BAR_TOP = 22
BAR_HEIGHT = 16


@dataclass(frozen=True)
class ChartBar:
    module: ModuleFinish
    width: int
    percent: int
    label_y: int
    bar_y: int
    count_y: int


def chart(modules: list[ModuleFinish], *, students: int) -> dict:
    """What the SVG template draws: a bar per module, as long as the share of
    the `students` who finished it, its number written beside it."""
    bars = []
    for n, module in enumerate(modules):
        y = n * ROW_HEIGHT  # the top of the module's row
        share = module.finished / students if students else 0
        width = round(BAR_MAX * share)
        bars.append(
            ChartBar(
                module=module,
                width=width,
                percent=module.finished * 100 // students if students else 0,
                label_y=y + LABEL_BASELINE,
                bar_y=y + BAR_TOP,
                count_y=y + BAR_TOP + BAR_HEIGHT - 3,
            )
        )
    return {
        "bars": bars,
        "students": students,
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "bar_max": BAR_MAX,
        "bar_height": BAR_HEIGHT,
        "count_x": BAR_MAX + 10,  # the numbers in a column right of the bars
    }
