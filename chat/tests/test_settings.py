"""The channel layer comes from the environment, like every other service."""

import pytest

from educa.tests.helpers import run_django

PRINT_LAYER = (
    "from django.conf import settings as s\n"
    "layer = s.CHANNEL_LAYERS['default']\n"
    "print(layer['BACKEND'], layer.get('CONFIG', {}).get('hosts'))\n"
)


@pytest.mark.parametrize(
    ("redis_url", "expected"),
    [
        ("", "channels.layers.InMemoryChannelLayer None"),
        (
            "redis://10.0.0.7:6379/2",
            "channels_redis.core.RedisChannelLayer ['redis://10.0.0.7:6379/2']",
        ),
    ],
    ids=["in memory by default", "Redis from REDIS_URL"],
)
def test_the_channel_layer_is_in_memory_unless_redis_url_is_set(redis_url, expected):
    result = run_django(
        PRINT_LAYER,
        env={"DJANGO_DEBUG": "true", "REDIS_URL": redis_url},
        settings_module="educa.settings",
    )

    assert result.stdout.strip() == expected, result.stderr
