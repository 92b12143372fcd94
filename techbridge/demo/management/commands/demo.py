"""One command from an empty checkout to a running demo: migrate, load, serve."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from techbridge.demo.generator import DEMO_PASSWORD
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.index import get_index


class Command(BaseCommand):
    help = "Migrate, load the demo data if the database is empty, and serve the platform."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reset", action="store_true", help="reload the demo data")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")

    def handle(
        self, *args: Any, host: str, port: int, reset: bool, no_serve: bool, **o: Any
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
        if settings.MATCHING_AUTOBUILD:
            # Index while the user logs in; the first start encodes every text once.
            get_index().start_background_build(encode_missing=settings.MATCHING_ENCODE_IN_WEB)
            self.stdout.write(_("匹配索引正在后台建立，进度见需求页面或 /healthz。"))
        from waitress import serve

        from techbridge.wsgi import application

        serve(application, host=host, port=port, threads=8)
