"""gunicorn settings of a production app server (systemd/nkhr-app@.service).

Each app server is one systemd instance bound to one loopback port (or LAN
address); HAProxy balances between them. Threads rather than processes for the
same reason as the demo (scripts/gunicorn_demo.py): a deep accept queue served by
a pool. Several processes per server are fine too: every cache they share is in
Redis (REDIS_URL), never in a process.
"""

import os

bind = os.environ.get("NKHR_BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("NKHR_WORKERS", "2"))
threads = int(os.environ.get("NKHR_THREADS", "8"))
backlog = 2048
# A request longer than this is killed; uploads of 50 MB documents fit in it.
timeout = 120
# On SIGTERM (systemctl stop/restart) requests in flight are finished first.
graceful_timeout = 30
keepalive = 5
accesslog = "-"
# The real visitor's address comes from Varnish/HAProxy (X-Forwarded-For).
forwarded_allow_ips = "127.0.0.1"
