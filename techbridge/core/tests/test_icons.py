"""Every Tabler icon the pages name exists in the installed icon font (a wrong name is blank)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from techbridge.registers.registry import REGISTERS

PACKAGE = Path(__file__).resolve().parents[2]


def _defined() -> set[str]:
    css = Path(settings.NODE_MODULES) / "@tabler/icons-webfont/dist/tabler-icons.min.css"
    return set(re.findall(r"\.(ti-[a-z0-9-]+):before", css.read_text()))


def test_every_icon_named_in_templates_and_registers_exists() -> None:
    defined = _defined()
    assert "ti-dashboard" in defined  # the font is there and parsed
    used: dict[str, str] = {}
    for template in PACKAGE.rglob("templates/**/*.html"):
        for name in re.findall(r"\bti (ti-[a-z0-9-]+)", template.read_text()):
            used[name] = str(template.relative_to(PACKAGE))
    for register in REGISTERS:
        if register.icon:
            used[register.icon] = f"registers/registry.py ({register.slug})"
    assert len(used) > 20
    missing = {name: where for name, where in used.items() if name not in defined}
    assert not missing
