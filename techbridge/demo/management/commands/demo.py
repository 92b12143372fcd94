"""One command from an empty checkout to a running demo: migrate, load, serve.

The demo is the smallest case of a production deployment: ``techbridge serve`` (gunicorn,
two web worker processes) and one ``techbridge worker`` (the job worker), on SQLite.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from techbridge.core import jobs
from techbridge.demo.generator import DEMO_PASSWORD
from techbridge.institutes.models import ResearchInstitute
from techbridge.web.management.commands.serve import serve


class Command(BaseCommand):
    help = "Migrate, load the demo data if the database is empty, and serve the platform."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reset", action="store_true", help="reload the demo data")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        reset: bool,
        no_serve: bool,
        workers: int,
        **o: Any,
    ) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("数据库已就绪：%s") % settings.DATABASES["default"]["NAME"])
        if reset or not ResearchInstitute.objects.exists():
            call_command("load_demo", reset=reset, stdout=self.stdout)
        address = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("TechBridge 演示地址：%s") % address))
        self.stdout.write(
            _(
                "登录：admin / %(pw)s（总部管理员）；其他账号 hq、institute、jic、enterprise、"
                "enterprise2、expert，密码相同。"
            )
            % {"pw": DEMO_PASSWORD}
        )
        self.stdout.write(f"Login: admin / {DEMO_PASSWORD}  (English: {address}en/)")
        if no_serve:
            return
        jobs.ensure_schedules()
        if settings.MATCHING_AUTOBUILD and os.environ.get("TECHBRIDGE_DEMO_ENCODE", "1") == "1":
            # The first start encodes every text once, in the job worker; the web workers
            # take the vectors batch by batch as they are stored.
            jobs.submit("techbridge.matching.jobs.encode_everything", [], {}, name="encode-all")
            self.stdout.write(_("匹配索引正在后台建立，进度见需求页面或 /healthz。"))
        # In a session of its own, so that stopping the demo stops every job process too.
        worker = subprocess.Popen(
            [sys.executable, "-m", "techbridge.cli", "worker"], start_new_session=True
        )
        try:
            serve(f"{host}:{port}", workers=workers, threads=4, timeout=120)
        finally:
            # SIGTERM to the worker's main process, which stops its job processes in order
            # (the signal to all of them at once leaves it waiting for them); then whatever
            # is left.
            with contextlib.suppress(ProcessLookupError):
                worker.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.pid, signal.SIGKILL)
