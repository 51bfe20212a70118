"""PostgreSQL connections run without JIT, whatever options DATABASE_URL adds.

The settings load in a separate process from the environment given; nothing
connects."""

import pytest

from educa.tests.helpers import run_django, secret_key

PRINT_OPTIONS = (
    "from django.conf import settings\n"
    "print(settings.DATABASES['default']['OPTIONS'].get('options'))\n"
)


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("", "-c jit=off"),
        (
            "?options=-c%20statement_timeout%3D5000",
            "-c statement_timeout=5000 -c jit=off",
        ),
        ("?options=-c%20jit%3Don", "-c jit=on"),  # asked for: left as it is
    ],
)
def test_postgresql_connections_turn_jit_off(query, options):
    result = run_django(
        PRINT_OPTIONS,
        env={
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secret_key(),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/educa{query}",
        },
        settings_module="educa.settings",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == options
