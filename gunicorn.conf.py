"""gunicorn settings for production (`gunicorn -c gunicorn.conf.py educa.wsgi`).

Measured on 2-core machines: sync workers, two per core at most; more workers or
threads raised p99 latency two to three times (see shared PERFORMANCE notes).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound; not
# too often: at 2,000 a busy worker restarted every few seconds, and each restart
# (a fresh Django import) showed as a dip in the benchmarks.
max_requests = 50_000
max_requests_jitter = 5_000
# gunicorn 27 otherwise writes a control socket into the home directory.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
