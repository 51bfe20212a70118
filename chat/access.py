"""Whether a socket's user may still be in a course's room, asked of the database
on every message: never of a cache, never of what was true at connect."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db.models import Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from courses.models import Course

# Past the largest primary key: no course, and no query (the database would
# refuse the number with an error).
BIGINT = 2**63


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def room_access(*, user, session_key: str | None, course_id: int) -> int | None:
    """The room's instructor (the course owner's id) if `user` may be in it, else
    None: active, still logged in with `session_key` and the course open to them.

    One query, on primary keys and the enrolment's unique index.
    """
    if not user.is_authenticated or not session_key or not 0 < course_id < BIGINT:
        return None
    store = session_store()
    session = store.get_model_class().objects.filter(
        session_key=session_key, expire_date__gt=timezone.now()
    )
    course = Course.objects.open_to(user).filter(pk=course_id)
    row = (
        get_user_model()
        .objects.filter(pk=user.pk, is_active=True)
        .annotate(
            session_data=Subquery(session.values("session_data")),
            instructor_id=Subquery(course.values("owner_id")),
        )
        .only("pk", "password")
        .first()
    )
    if row is None or row.instructor_id is None or row.session_data is None:
        return None
    # Logged out elsewhere by a password change: Django's own rule for sessions.
    data = store().decode(row.session_data)
    if data.get(SESSION_KEY) != str(user.pk) or not constant_time_compare(
        data.get(HASH_SESSION_KEY, ""), row.get_session_auth_hash()
    ):
        return None
    return row.instructor_id
