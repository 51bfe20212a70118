import json

import pytest

from educa.tests.helpers import run_django, run_manage, secret_key

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "educa.example.com",
    "MEMCACHED_SERVERS": "127.0.0.1:11211",  # `check` does not connect
    "EMAIL_URL": "smtp://mail.example.com:25",
}


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = {
        **PRODUCTION,
        "DJANGO_SECRET_KEY": secret_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_that_a_local_memory_cache_is_per_worker(tmp_path):
    env = {
        **PRODUCTION,
        "MEMCACHED_SERVERS": "",
        "DJANGO_SECRET_KEY": secret_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "educa.W001" in result.stderr + result.stdout


@pytest.mark.parametrize("email_url", ["consolemail://", "filemail:///tmp/educa-mail"])
def test_check_deploy_warns_when_emails_would_be_written_to_the_log(
    tmp_path, email_url
):
    env = {
        **PRODUCTION,
        "EMAIL_URL": email_url,
        "DJANGO_SECRET_KEY": secret_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "educa.W002" in result.stderr + result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is():
    # django-environ would read "$HOME..." as the value of HOME.
    key = "$HOME" + secret_key()

    result = run_django(
        "from django.conf import settings\nprint(settings.SECRET_KEY)",
        env={**PRODUCTION, "DJANGO_SECRET_KEY": key},
    )

    assert result.stdout.strip() == key, result.stderr


def test_services_and_origins_come_from_the_environment():
    result = run_django(
        "import json\n"
        "from django.conf import settings as s\n"
        "db, cache = s.DATABASES['default'], s.CACHES['default']\n"
        "print(json.dumps({'engine': db['ENGINE'], 'name': db['NAME'],\n"
        "  'host': db['HOST'], 'conn_max_age': db['CONN_MAX_AGE'],\n"
        "  'cache': cache['BACKEND'], 'location': cache['LOCATION'],\n"
        "  'ignore_exc': cache['OPTIONS']['ignore_exc'],\n"
        "  'cors': s.CORS_ALLOWED_ORIGINS, 'hosts': s.ALLOWED_HOSTS,\n"
        "  'static': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG}))\n",
        env={
            **PRODUCTION,
            "DJANGO_SECRET_KEY": secret_key(),
            "DATABASE_URL": "postgres://educa@db.internal:5432/educa",
            "MEMCACHED_SERVERS": "10.0.0.5:11211,10.0.0.6:11211",
            "CORS_ALLOWED_ORIGINS": "https://app.example.com,https://m.example.com",
        },
        settings_module="educa.settings",
    )

    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {
        "engine": "django.db.backends.postgresql",
        "name": "educa",
        "host": "db.internal",
        "conn_max_age": 60,
        "cache": "educa.cache.PersistentPyMemcacheCache",
        "location": ["10.0.0.5:11211", "10.0.0.6:11211"],
        "ignore_exc": True,
        "cors": ["https://app.example.com", "https://m.example.com"],
        "hosts": ["educa.example.com"],
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "debug": False,
    }


def test_the_embedded_defaults_need_no_service():
    result = run_django(
        "from django.conf import settings as s\n"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])\n",
        env={"DJANGO_DEBUG": "true"},
        settings_module="educa.settings",
    )

    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]
