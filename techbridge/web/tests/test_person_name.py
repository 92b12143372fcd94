"""People's names as they are written in each language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from techbridge.web.templatetags.techbridge import person_name


@pytest.mark.parametrize(
    ("first", "last", "language", "shown"),
    [
        ("伟", "陈", "zh-hans", "陈伟"),
        ("伟", "陈", "en", "伟 陈"),
        ("Anna", "Schmidt", "zh-hans", "Anna Schmidt"),
        ("Anna", "Schmidt", "en", "Anna Schmidt"),
        ("", "", "zh-hans", "li.ming"),
    ],
)
def test_a_name_is_written_as_its_language_writes_it(
    first: str, last: str, language: str, shown: str
) -> None:
    user = User(username="li.ming", first_name=first, last_name=last)
    with translation.override(language):
        assert person_name(user) == shown
