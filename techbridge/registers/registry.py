"""Every register the generic list, export and import pages serve: the ones each installed
app declares in its ``registers.py`` (``REGISTERS``), in the order of ``INSTALLED_APPS``."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from techbridge.core.registers import Register, request_for


def _discover() -> list[Register]:
    found: list[Register] = []
    for config in apps.get_app_configs():
        if config.name.startswith("techbridge.") and module_has_submodule(
            config.module, "registers"
        ):
            module = import_module(f"{config.name}.registers")
            found.extend(getattr(module, "REGISTERS", []))
    return found


REGISTERS: list[Register] = _discover()

BY_SLUG: dict[str, Register] = {r.slug: r for r in REGISTERS}


def get(slug: str) -> Register | None:
    return BY_SLUG.get(slug)


__all__ = ["BY_SLUG", "REGISTERS", "Register", "get", "request_for"]
