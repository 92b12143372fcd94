"""The glossary's one write path, and the glossary every process matches with.

Every change to a term pair goes through :func:`save_term` or :func:`delete_term`, which step
the ``glossary`` counter (``core.sequences``) in the same transaction. A process reads that
counter before it matches (one indexed row) and reloads the pairs when it has moved, so an edit
made in any web process, job or import reaches every process's next match.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils.translation import gettext as _

from techbridge.engine.translate import Glossary, active_glossary, use_glossary

from .models import BusinessSequence, GlossaryTerm
from .sequences import next_value

SEQUENCE = "glossary"

__all__ = ["current", "delete_term", "refresh", "save_term", "version"]


def save_term(user: Any, term: GlossaryTerm) -> GlossaryTerm:
    """Check and write ``term`` (new or changed) and step the glossary's version; a
    ``ValidationError`` and nothing written when it is not valid (or when a parallel writer
    stored the same pair first)."""
    term.full_clean()
    try:
        with transaction.atomic():
            term.save()
            next_value(SEQUENCE)
    except IntegrityError as error:
        raise ValidationError(_("这个术语对已在术语表中。")) from error
    return term


def delete_term(user: Any, term: GlossaryTerm) -> None:
    with transaction.atomic():
        term.delete()
        next_value(SEQUENCE)


def version(using: str = DEFAULT_DB_ALIAS) -> str:
    sequence = BusinessSequence.objects.using(using).filter(name=SEQUENCE)
    return str(sequence.values_list("value", flat=True).first() or 0)


def current(using: str = DEFAULT_DB_ALIAS) -> Glossary:
    """The glossary as stored now. The version is read before the pairs: an edit committed
    in between leaves a version older than the pairs, so the next :func:`refresh` reloads
    them (the other order could keep old pairs under the new version)."""
    stored = version(using)
    pairs = GlossaryTerm.objects.using(using).order_by("pk").values_list("term_zh", "term_en")
    return Glossary.of(pairs, stored)


def refresh(using: str = DEFAULT_DB_ALIAS) -> Glossary:
    """The glossary this process matches with, reloaded if any process changed it since;
    ``using``: the database the matching reads from (a read replica, where the shared index
    is read from one: the glossary then follows the same replay)."""
    glossary = active_glossary()
    if glossary.version != version(using):
        glossary = current(using)
        use_glossary(glossary)
    return glossary
