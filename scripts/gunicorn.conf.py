"""The production server's configuration (`make serve`), read from the environment.

    gunicorn -c scripts/gunicorn.conf.py

Every variable is listed in .env.example; a bad value stops gunicorn before it binds, with the
variable's name (the same typed helpers as gongkai/settings.py). Anything not set here can be given
on the command line or in GUNICORN_CMD_ARGS, e.g. FORWARDED_ALLOW_IPS for a proxy on another host.
"""

from __future__ import annotations

import os

from gongkai.env import env_int, env_str

# The most workers chosen by default: each is a process with its own copy of the application and,
# with PostgreSQL, its own connection (persistent: GONGKAI_DB_CONN_MAX_AGE).
DEFAULT_WORKERS_CAP = 8


def usable_cores() -> int:
    """The CPUs this process may run on (a container's or taskset's limit), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_workers(cores: int) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped at DEFAULT_WORKERS_CAP."""
    return min(2 * cores + 1, DEFAULT_WORKERS_CAP)


wsgi_app = "gongkai.wsgi:application"

# Behind a reverse proxy on the same host (README, "Production stack"): only the proxy connects.
bind = [env_str("GONGKAI_BIND", default="127.0.0.1:8000")]
workers = env_int("GONGKAI_WORKERS", default=default_workers(usable_cores()), min_value=1)
# More than 1 runs each worker with threads (gunicorn's gthread worker); each thread keeps its own
# database connection.
threads = env_int("GONGKAI_THREADS", default=1, min_value=1)
# Seconds a request may take before its worker is killed and restarted; the PDF of a report takes
# a few seconds, so the default is twice gunicorn's 30.
timeout = env_int("GONGKAI_WORKER_TIMEOUT", default=60, min_value=1)
graceful_timeout = 30

# One line per request on standard output, errors and gunicorn's own messages on standard error,
# for systemd's journal or docker's log.
accesslog = "-"
errorlog = "-"

# gunicorn's control socket would be one path in $HOME for every instance on the machine.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Each worker starts the fork server its uploads are parsed in (documents.untrusted) when it
    boots, with the readers' modules loaded, so that no request waits for it."""
    from importlib import import_module

    from django.conf import settings

    from gongkai.documents import untrusted

    import_module(settings.ROOT_URLCONF)  # the views, and with them every reader of uploads
    untrusted.start()
