"""gunicorn settings for `make serve` and production (override with GUNICORN_* variables)."""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then, which bounds any slow leak. Not too often: a new worker
# starts with an empty page cache and index searcher, and at a few hundred requests a second
# 2,000 requests meant a restart (and a 2 s stall) every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = None  # the portal logs each request itself (LOG_FORMAT=json for JSON lines)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
