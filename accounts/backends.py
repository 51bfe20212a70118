import contextvars
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import F, OuterRef, Value
from django.db.models.functions import Concat

from educa.db import PreparedQuery, joined, split_joined


def with_permission_names(user_id: int):
    """The user, annotated with the names ("app_label.codename") of the
    permissions they hold themselves and through their groups."""
    user_model = get_user_model()

    def names(prefix: str):
        return Concat(
            F(f"{prefix}content_type__app_label"), Value("."), F(f"{prefix}codename")
        )

    own = user_model.user_permissions.through.objects.filter(user=OuterRef("pk"))
    grouped = Group.permissions.through.objects.filter(group__user=OuterRef("pk"))
    return user_model._default_manager.filter(pk=user_id).annotate(
        own_permissions=joined(own, names("permission__")),
        group_permissions=joined(grouped, names("permission__")),
    )


_USER_WITH_PERMISSION_NAMES = PreparedQuery(with_permission_names, user_id=int)
# What loads the request's user instead, within user_loaded_with().
_loading: contextvars.ContextVar[tuple[PreparedQuery, dict[str, Any]] | None] = (
    contextvars.ContextVar("educa_user_loaded_with", default=None)
)


@contextmanager
def user_loaded_with(query: PreparedQuery, **params):
    """Within the block, the request's user is loaded by `query`: a prepared
    query of the user (built on with_permission_names) annotated with what the
    page needs besides, such as its access check, so that both cost one round
    trip to the database. Django's checks of the session or the token stay as
    they are: only the query that finds the user changes. Parameters no row can
    match leave the user to the usual query (the page's own then finds nothing):
    an id out of range is a 404, never a logout."""
    if query.matches_nothing(**params):
        yield
        return
    token = _loading.set((query, params))
    try:
        yield
    finally:
        _loading.reset(token)


def user_with_permissions(user_id: int):
    """The user of that id with their permission set loaded (Django's own
    `_perm_cache`, which has_perm() reads), or None: one query."""
    query, params = _loading.get() or (_USER_WITH_PERMISSION_NAMES, {})
    user = query.first(user_id=user_id, **params)
    if user is not None and not user.is_superuser:
        # A superuser's are all there are (Django's rule): left to Django.
        user._perm_cache = {
            *split_joined(user.own_permissions),
            *split_joined(user.group_permissions),
        }
    return user


class UserBackend(ModelBackend):
    """ModelBackend that reads a user's permissions in the query that loads them.

    Every page shows a menu by permission; ModelBackend would ask for them in two
    more queries. Read from the database on every request, as Django does: never
    from a cache, so a revoked permission counts at once.
    """

    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_with_permissions(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


class CachedPermissionsBackend(UserBackend):
    """This backend's name before 2026-11-29, which older sessions carry: it loads
    their users (so nobody is logged out by the upgrade) and checks no password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None
