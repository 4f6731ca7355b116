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
# Workers share the requests evenly, so with a narrow jitter they all reach their limit
# within moments of each other and boot together (1.5 s each on 2 cores): nobody is left
# to answer, and every queued request waits (p99 1.75 s with 2 workers at 1,000 requests;
# 15 ms with a half-wide jitter). Each worker draws its own limit in [max, 1.5 * max).
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2))
accesslog = None  # the portal logs each request itself (LOG_FORMAT=json for JSON lines)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Load the portal once, in the master, and fork each worker from it: a worker then starts
# in milliseconds, where importing the portal takes 1.5 s on 2 cores. Workers replaced
# after max_requests tend to be replaced together (they share the requests evenly), and
# while they loaded nobody answered: p99 1.6–2 s around each replacement. GUNICORN_PRELOAD=0
# loads the portal in each worker (then `kill -HUP` also reloads changed code).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def post_fork(server, worker):
    """A forked worker must not share the master's database connections or open index
    files. Loading the portal opens neither, but should that change, a pool or a file
    shared by two processes would mix their conversations, so each worker drops its copies."""
    if not server.cfg.preload_app:
        return
    app = server.app.wsgi()
    from portal.forking import forget_inherited_resources

    forget_inherited_resources(app)
