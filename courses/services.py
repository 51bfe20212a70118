from django.core.exceptions import ValidationError
from django.db import transaction

from courses.caching import catalogue_retire, course_entries_retire
from courses.models import Choice, Content, Course, Module, Question, Quiz
from courses.quiz_text import quiz_text_parse

OWNER_NOT_A_STUDENT = "You teach this course: you see its pages as a preview already."


def enrollment_create(*, student, course: Course) -> None:
    """Enrol the student; enrolling again changes nothing. The course's owner is
    not one of its students (ValidationError): they preview its pages instead.

    The join table's unique constraint with ignore_conflicts (what add() does)
    keeps two concurrent enrolments from failing or doubling.
    """
    if student.pk == course.owner_id:
        raise ValidationError(OWNER_NOT_A_STUDENT, code="owner")
    course.students.add(student)


@transaction.atomic
def enrollment_delete(*, student, course: Course) -> None:
    """Take the student out of the course; leaving again changes nothing.

    remove(), not a delete on the join table: its m2m_changed signal retires the
    course's cached entries (courses.signals) and closes their chat
    sockets in the room (chat.signals), once this commits.
    """
    # remove() signals even for someone not enrolled, and that retires the course's
    # cached entries: anyone could keep them cold by leaving again and again.
    if course.students.filter(pk=student.pk).exists():
        course.students.remove(student)


@transaction.atomic
def content_create(*, module: Module, item) -> Content:
    """Save a new item and put it at the end of the module.

    The module's row is locked until this commits, so concurrent creates in one
    module each take their own place (OrderField reads the highest one). Raises
    Module.DoesNotExist if the module was deleted meanwhile.
    """
    item.full_clean()
    item.save()
    # Locked after the item is saved, to hold the lock for as short as possible.
    Module.objects.select_for_update().get(pk=module.pk)
    return Content.objects.create(module=module, item=item)


def stored_file_delete_on_commit(*, storage, name: str) -> None:
    """Delete a stored upload once the current transaction commits.

    Not before: after a rollback the row still points at the file.
    """
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def item_update(*, item, stored_file: str | None = None) -> None:
    """Save an edited item; a replaced upload is deleted once this commits."""
    item.save()
    if stored_file and stored_file != item.file.name:
        stored_file_delete_on_commit(storage=item.file.storage, name=stored_file)


def _reorder(queryset, orders: dict[int, int]) -> list:
    rows = list(
        queryset.select_for_update(of=("self",)).filter(pk__in=orders).order_by("pk")
    )
    if len(rows) != len(orders):
        # One id is unknown or someone else's: change nothing, say nothing more.
        raise queryset.model.DoesNotExist("No such item.")
    for row in rows:
        row.order = orders[row.pk]
    queryset.model.objects.bulk_update(rows, ["order"])
    return rows


@transaction.atomic
def module_reorder(*, user, orders: dict[int, int]) -> None:
    """Set the order of the user's modules, all or nothing (Module.DoesNotExist
    on a foreign id)."""
    modules = _reorder(Module.objects.owned_by(user), orders)
    # bulk_update sends no post_save: retire here what lists the modules.
    catalogue_retire()
    course_entries_retire({module.course_id for module in modules})


@transaction.atomic
def content_reorder(*, user, orders: dict[int, int]) -> None:
    """Set the order of the user's contents, all or nothing (Content.DoesNotExist
    on a foreign id)."""
    contents = _reorder(Content.objects.owned_by(user), orders)
    # bulk_update sends no post_save: retire the cached contents here.
    modules = {content.module_id for content in contents}
    course_entries_retire(Module.objects.filter(pk__in=modules).values("course_id"))


@transaction.atomic
def quiz_questions_replace(*, quiz: Quiz, text: str) -> list[Question]:
    """Replace the quiz's questions and choices with those written in `text`
    (courses.quiz_text), returned in order; past attempts keep their scores.

    Raises ValidationError keyed "questions" before anything is written, and
    Quiz.DoesNotExist if the quiz was deleted meanwhile. A
    constant number of queries (up to the database's largest bulk insert).
    """
    try:
        parsed = quiz_text_parse(text)
    except ValidationError as error:
        raise ValidationError({"questions": error.error_list}) from None
    # Two editors saving at once would otherwise each delete the old questions
    # and both insert theirs (one then fails on the order's unique constraint).
    if not Quiz.objects.select_for_update().filter(pk=quiz.pk).values_list("pk"):
        raise Quiz.DoesNotExist("No such quiz.")  # deleted meanwhile
    # Three queries: the questions read, their choices deleted, then them (in
    # chunks of 100 ids, and a quiz has at most 100 questions).
    Question.objects.filter(quiz=quiz).delete()
    questions = Question.objects.bulk_create(
        Question(quiz=quiz, text=q.text, order=n, multiple=q.multiple)
        for n, q in enumerate(parsed)
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=c.text, order=n, correct=c.correct)
        for question, q in zip(questions, parsed, strict=True)
        for n, c in enumerate(q.choices)
    )
    # Bulk writes send no signals: retire what shows the quiz here.
    course_entries_retire(
        Module.objects.filter(contents__in=quiz.contents.all()).values("course_id")
    )
    return questions
