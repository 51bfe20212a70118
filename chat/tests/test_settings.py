"""The channel layer comes from the environment, like every other service."""

import pytest

from educa.tests.helpers import run_django

PRINT_LAYER = (
    "from django.conf import settings as s\n"
    "layer = s.CHANNEL_LAYERS['default']\n"
    "hosts = layer.get('CONFIG', {}).get('hosts')\n"
    "print(layer['BACKEND'], hosts and [h['address'] for h in hosts])\n"
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


def test_the_redis_client_waits_longer_than_the_layers_blocking_reads():
    # channels-redis blocks 5 s in BZPOPMIN on each socket's channel: a read
    # timeout no longer than that (redis-py 8's default) fails every idle socket.
    from channels_redis.core import RedisChannelLayer

    from educa.settings import redis_channel_layer

    [host] = redis_channel_layer("redis://10.0.0.7:6379/2")["CONFIG"]["hosts"]

    assert host["socket_timeout"] > 2 * RedisChannelLayer.brpop_timeout
