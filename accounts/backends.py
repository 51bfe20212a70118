from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Concat

from educa.db import joined, split_joined


class UserBackend(ModelBackend):
    """ModelBackend that reads a user's permissions in the query that loads them.

    Every page shows a menu by permission; ModelBackend would ask for them in two
    more queries. Read from the database on every request, as Django does: never
    from a cache, so a revoked permission counts at once.
    """

    def get_user(self, user_id):
        names = Permission.objects.filter(
            Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
        )
        user = (
            get_user_model()
            ._default_manager.filter(pk=user_id)
            .annotate(
                permission_names=joined(
                    names, Concat(F("content_type__app_label"), Value("."), "codename")
                )
            )
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        if not user.is_superuser:  # a superuser's are all there are: Django's rule
            user._perm_cache = set(split_joined(user.permission_names))
        return user


class CachedPermissionsBackend(UserBackend):
    """This backend's name before 2026-11-29, which older sessions carry: it loads
    their users (so nobody is logged out by the upgrade) and checks no password."""

    def authenticate(self, request, **kwargs):
        return None
