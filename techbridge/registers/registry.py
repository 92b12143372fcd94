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


def depends_on(register: Register, registers: list[Register] | None = None) -> list[Register]:
    """The other registers whose records ``register``'s columns name: those holding the
    model a foreign key or many-to-many column points at, or a model extending it (an
    expert's organisation is an institute, a university, an enterprise...)."""
    related = [
        field.related_model
        for name in register.columns
        if (field := register.model._meta.get_field(name)).is_relation
        and field.related_model is not None
        and field.related_model is not register.model
    ]
    return [
        other
        for other in (REGISTERS if registers is None else registers)
        if other is not register and any(issubclass(other.model, model) for model in related)
    ]


def import_order(registers: list[Register] | None = None) -> list[Register]:
    """The importable registers, each after every register it names records of, so that a
    folder of register files imports into an empty database (otherwise in declaration
    order)."""
    importable = [r for r in (REGISTERS if registers is None else registers) if r.importable]
    ordered: list[Register] = []
    visiting: set[str] = set()

    def visit(register: Register) -> None:
        if register in ordered:
            return
        if register.slug in visiting:
            raise ValueError(f"registers refer to each other: {register.slug}")
        visiting.add(register.slug)
        for other in depends_on(register, importable):
            visit(other)
        visiting.discard(register.slug)
        ordered.append(register)

    for register in importable:
        visit(register)
    return ordered


__all__ = [
    "BY_SLUG",
    "REGISTERS",
    "Register",
    "depends_on",
    "get",
    "import_order",
    "request_for",
]
