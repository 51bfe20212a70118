from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import F, OuterRef, Value
from django.db.models.functions import Concat

from educa.db import PreparedQuery, joined, split_joined


def _with_permission_names(user_id: int):
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


USER_WITH_PERMISSIONS = PreparedQuery(_with_permission_names, user_id=int)


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
        user = USER_WITH_PERMISSIONS.first(user_id=user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        if not user.is_superuser:  # a superuser's are all there are: Django's rule
            user._perm_cache = {
                *split_joined(user.own_permissions),
                *split_joined(user.group_permissions),
            }
        return user


class CachedPermissionsBackend(UserBackend):
    """This backend's name before 2026-11-29, which older sessions carry: it loads
    their users (so nobody is logged out by the upgrade) and checks no password."""

    def authenticate(self, request, **kwargs):
        return None
