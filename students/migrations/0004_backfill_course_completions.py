"""Record the completion of every course whose contents a student has all
marked done already, dated by their latest mark in it (issue 19)."""

from django.db import migrations
from django.db.models import Count, Max

BATCH = 1000


def backfill(apps, schema_editor):
    Completion = apps.get_model("students", "Completion")
    Content = apps.get_model("courses", "Content")
    CourseCompletion = apps.get_model("students", "CourseCompletion")
    totals = dict(
        Content.objects.values_list("module__course_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    marks = (
        Completion.objects.values_list("student_id", "content__module__course_id")
        .annotate(done=Count("pk"), last=Max("created"))
        .order_by()
    )
    rows = [
        CourseCompletion(student_id=student, course_id=course, completed=last)
        for student, course, done, last in marks.iterator()
        if done == totals.get(course)
    ]
    # Conflicts: a completion recorded meanwhile by the running site.
    CourseCompletion.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("students", "0003_coursecompletion")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
