from django.contrib.auth.backends import ModelBackend

from educa.cache import cached_in_namespace, namespace_invalidate

PERMISSIONS = "permissions"
# Invalidation keeps entries right; the timeout only bounds an entry's life.
TIMEOUT = 60 * 60


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend whose permission sets are kept in the shared cache.

    Every page that shows a menu by permission would otherwise run two queries
    (the user's and their groups' permissions). Any change to who holds which
    permission retires every entry (accounts.signals); the superuser flag is
    part of the key, so promoting or demoting a user needs no invalidation.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_in_namespace(
                PERMISSIONS,
                (str(user_obj.pk), str(user_obj.is_superuser)),
                lambda: super(CachedPermissionsBackend, self).get_all_permissions(
                    user_obj
                ),
                TIMEOUT,
            )
        return user_obj._perm_cache


def permissions_changed() -> None:
    """Retire every cached permission set (after the commit)."""
    namespace_invalidate(PERMISSIONS)
