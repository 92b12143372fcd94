"""Change history: every TechBridge model is recorded by django-auditlog."""

from auditlog.registry import auditlog
from django.apps import apps


def register_all() -> None:
    """Register each concrete TechBridge model once (who changed what, and when)."""
    for model in apps.get_models():
        # Derived data (e.g. document vectors) opts out with ``audited = False``.
        if not getattr(model, "audited", True):
            continue
        if model.__module__.startswith("techbridge.") and not auditlog.contains(model):
            auditlog.register(model)
