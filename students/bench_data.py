"""`seed_bench` makes no student rows of its own; a benchmark may complete bench
contents, and those completions go before the contents and users they name."""

from django.db.models import Q

from courses.bench_data import bench_courses
from courses.models import Content
from educa.seeding import BulkSeed
from students.models import Completion


def delete(bench: BulkSeed) -> int:
    """Completions of a bench course's contents or by a bench user, in one
    DELETE (no signals, no cascades: nothing hangs on them)."""
    contents = Content.objects.filter(module__course__in=bench_courses(bench.users))
    rows = Completion.objects.filter(
        Q(content__in=contents) | Q(student__in=bench.users)
    )
    return rows._raw_delete(rows.db)
