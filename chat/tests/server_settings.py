"""Production settings for the daphne servers of test_scale_out.py, but with a
channel layer prefix of their own (CHANNEL_LAYER_PREFIX), as the in-process
tests have (conftest.use_redis_layer): the Redis they share with other test
runs must not carry one run's room messages to another's sockets."""

import os

from educa.settings import *  # noqa: F403
from educa.settings import REDIS_URL, redis_channel_layer

CHANNEL_LAYERS = {
    "default": redis_channel_layer(REDIS_URL, os.environ["CHANNEL_LAYER_PREFIX"])
}
