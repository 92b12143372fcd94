"""Both languages everywhere: complete catalogue, error pages, settings that fail loudly."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def test_english_catalogue_is_complete_and_compiled() -> None:
    import polib

    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()
    # The committed .mo is the compiled .po: same messages, same translations.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(LOCALE / "django.mo"))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source


#: A heading, a field's label or a column's header that a template translates.
HEADING = re.compile(
    r'(?:<(?:h[1-4]|dt|th|label)\b[^>]*>\s*|class="subheader">\s*)'
    r'\{% trans "([^"]+)"( context "[^"]+")? %\}'
)


def test_headings_begin_with_a_capital_in_english() -> None:
    """The English names of models and fields are lower case (Django writes them into
    sentences); a template that heads a card, a field or a column with one of them asks for
    its "heading" form."""
    import polib

    po = polib.pofile(str(LOCALE / "django.po"))
    english = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    lower = []
    for template in sorted(LOCALE.parents[2].glob("**/templates/**/*.html")):
        for match in HEADING.finditer(template.read_text()):
            context = match.group(2) and match.group(2).split('"')[1]
            shown = english.get((context, match.group(1)), "")
            if shown[:1].islower():
                lower.append(f"{template.name}: {match.group(1)} → {shown}")
    assert not lower, "\n".join(lower)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "text"), [("", "找不到您要访问的页面"), ("/en", "could not be found")]
)
def test_404_page_in_both_languages(prefix: str, text: str) -> None:
    client = Client()
    client.login(request=HttpRequest(), username="hq", password="techbridge-demo")
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    assert text.lower() in response.content.decode().lower()


@pytest.mark.django_db
def test_login_page_in_english() -> None:
    response = Client().get("/en/accounts/login/")
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_wrong_password_gets_a_translated_message() -> None:
    response = Client().post(
        "/en/accounts/login/", {"username": "hq", "password": "wrong"}, follow=True
    )
    assert "correct username and password" in response.content.decode()


def test_production_without_secret_key_fails_loudly() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBRIDGE_")}
    env["DJANGO_SETTINGS_MODULE"] = "techbridge.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TECHBRIDGE_SECRET_KEY is not set" in result.stderr


def test_env_example_lists_every_setting_read_from_the_environment() -> None:
    import re

    root = Path(__file__).resolve().parents[3]
    settings_text = (root / "techbridge" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', settings_text))
    read |= set(re.findall(r'_path\("([A-Z_]+)"', settings_text))
    listed = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    assert read, "no settings found"
    assert read <= listed, read - listed


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_dashboard_renders(prefix: str) -> None:
    client = Client()
    client.login(request=HttpRequest(), username="hq", password="techbridge-demo")
    body = client.get(f"{prefix}/").content.decode()
    assert 'id="dashboard-data"' in body and 'data-figure="spinoffs"' in body
