from django.contrib.auth.models import UserManager as DjangoUserManager


class UserManager(DjangoUserManager):
    def username_taken(self, username: str, *, other_than=None) -> bool:
        """Whether another user has this username, ignoring letter case."""
        return self._others(other_than).filter(username__iexact=username).exists()

    def email_taken(self, email: str, *, other_than=None) -> bool:
        """Whether another user has this email, ignoring letter case."""
        return self._others(other_than).filter(email__iexact=email).exists()

    def _others(self, user):
        qs = self.get_queryset()
        return qs.exclude(pk=user.pk) if user is not None and user.pk else qs
