"""gunicorn settings of the demo server that scripts/serve starts.

gunicorn rather than Django's runserver: runserver's accept queue holds ten
connections, so a crowd of visitors was refused with connection resets; here the
queue is deep and a pool of threads serves it. One process, because the embedded
cache (local memory) belongs to one process and the page cache is emptied
through it when content changes.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = 1
threads = int(os.environ.get("THREADS", "8"))
backlog = 2048
timeout = 120
accesslog = "-"
