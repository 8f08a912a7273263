"""gunicorn settings for dueregard (``gunicorn -c deploy/gunicorn.conf.py``).

Every value can be set from the environment; docs/deploying.md explains them. Threads
share each process's PostgreSQL connection pool (DB_POOL_MAX_SIZE must be >= threads).
"""

import multiprocessing
import os

wsgi_app = "dueregard.config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Requests that run longer (a large PDF) are cut off; imports run as background tasks.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow leaks in long-running processes cannot build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The app logs each request itself (JSON, with its request id and no personal data).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The reverse proxy's address, trusted for X-Forwarded-Proto (HTTPS detection).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "dueregard-web"
raw_env = [
    "DJANGO_SETTINGS_MODULE="
    + os.environ.get("DJANGO_SETTINGS_MODULE", "dueregard.config.settings.production")
]


def on_starting(server):
    """Refuse to start when the deployment checks fail (SITE_URL missing, the demo on, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.config.settings.production")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")
