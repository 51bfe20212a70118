"""Demo users for `make run` (see `seed_demo`); their passwords live in the fixture."""

import json

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import User

DEMO_USERS = settings.BASE_DIR / "fixtures" / "demo_users.json"


def seed(stdout) -> None:
    """Create the demo users that are missing; existing ones are left untouched."""
    for spec in json.loads(DEMO_USERS.read_text()):
        password = spec.pop("password")
        groups = spec.pop("groups")
        user, created = User.objects.get_or_create(
            username=spec["username"], defaults=spec
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        note = "" if created else "  (existed already; password unchanged)"
        stdout.write(f"  {user.username:<12} password: {password}{note}")
