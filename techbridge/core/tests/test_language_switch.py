"""The language switch works in both directions, keeping the page and its query."""

import pytest
from django.http import HttpRequest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_switch_to_english_and_back_keeps_the_page() -> None:
    client = Client()
    client.login(request=HttpRequest(), username="hq", password="techbridge-demo")
    page = client.get("/?year=2019")
    assert 'name="next" type="hidden" value="/?year=2019"' in page.content.decode()
    to_en = client.post("/i18n/setlang/", {"language": "en", "next": "/?year=2019"})
    assert to_en["Location"] == "/en/?year=2019"
    english = client.get("/en/?year=2019")
    assert 'value="/?year=2019"' in english.content.decode()
    back = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/?year=2019"})
    assert back["Location"] == "/?year=2019"
