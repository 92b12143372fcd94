"""``techbridge serve``: the production web server (gunicorn, several worker processes).

Settings come from the environment (``.env.production.example``); static files are served by
whitenoise from ``collectstatic``'s folder. Put a reverse proxy with TLS in front of it
(``docs/deployment.md``).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def default_workers() -> int:
    return int(
        os.environ.get("TECHBRIDGE_WEB_WORKERS", "") or min(4, multiprocessing.cpu_count() + 1)
    )


def serve(bind: str, workers: int, threads: int, timeout: int) -> None:
    """Run gunicorn in this process until it is told to stop (SIGTERM or SIGINT)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": timeout,
                "graceful_timeout": 20,
                "accesslog": "-" if settings.DEBUG else None,
                "forwarded_allow_ips": os.environ.get(
                    "TECHBRIDGE_FORWARDED_ALLOW_IPS", "127.0.0.1"
                ),
                "proc_name": "techbridge-web",
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            # Loaded in each worker process (not before the fork): each loads its own index.
            # The application is the one settings.WSGI_APPLICATION names (techbridge.wsgi).
            from django.core.servers.basehttp import get_internal_wsgi_application

            return get_internal_wsgi_application()

    Server().run()


class Command(BaseCommand):
    help = "Serve the platform with gunicorn: N worker processes (production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("TECHBRIDGE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("TECHBRIDGE_WEB_THREADS", "4"))
        )
        parser.add_argument("--timeout", type=int, default=120)

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, timeout: int, **o: Any
    ) -> None:
        serve(bind, workers, threads, timeout)
