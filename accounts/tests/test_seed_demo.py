import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User

DEMO = json.loads((settings.BASE_DIR / "fixtures" / "demo_users.json").read_text())


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)  # tests run with debug off
    return out.getvalue()


@pytest.mark.django_db
def test_seed_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_runs_with_debug_on(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_seed_creates_a_superuser_admin_and_the_demo_users_and_prints_logins():
    output = seed()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    for spec in DEMO:
        user = User.objects.get(username=spec["username"])
        assert user.check_password(spec["password"])
        assert f"{spec['username']:<12} password: {spec['password']}" in output


@pytest.mark.django_db
def test_seed_twice_changes_nothing_and_keeps_changed_passwords():
    seed()
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-the-admin")
    admin.save()

    output = seed()

    assert User.objects.count() == len(DEMO)
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-admin")
    assert "existed already" in output


def test_no_demo_password_is_in_the_settings():
    settings_text = (settings.BASE_DIR / "educa" / "settings.py").read_text()

    assert not [s for s in DEMO if s["password"] in settings_text]
