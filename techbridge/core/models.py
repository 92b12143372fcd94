"""The abstract base every TechBridge record shares, and the two taxonomies."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    """Common columns: integer id (Django's default), creation and change times.

    Changes to every concrete subclass are recorded by django-auditlog (who, when, what);
    ``techbridge.core.audit.register_all`` registers them when the app registry is ready.
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        """``get_<field>_display()`` as Django writes it, with the field's labels looked up
        once per process (Django rebuilds them on every call: a list of needs paid more for
        its status labels than for its rows)."""
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


_CHOICE_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


def choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """Value -> (lazy, translated) label of a field with choices. Choices written in the code
    are kept for the process (they are the same in every process); choices from a callable
    are read each time."""
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = dict(make_hashable(field.flatchoices))
        if isinstance(field.choices, list | tuple):
            _CHOICE_LABELS[field] = labels
    return labels


def in_reader_language(chinese: str, english: str) -> str:
    """The English text on English pages where there is one, else the Chinese (or, without
    Chinese, the English)."""
    if english and translation.get_language() == "en":
        return english
    return chinese or english


class BilingualNameMixin(models.Model):
    """A record named in Chinese and English; ``name`` follows the active language."""

    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class TechnologyField(BilingualNameMixin, TimeStampedModel):
    """A technology field (for example 'power semiconductors'), optionally under a parent."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("技术领域")
        verbose_name_plural = pgettext_lazy("plural", "技术领域")


class Industry(BilingualNameMixin, TimeStampedModel):
    """An industry that enterprises belong to and needs come from."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行业")
        verbose_name_plural = pgettext_lazy("plural", "行业")


class BusinessSequence(models.Model):
    """A named counter for business numbers (contract numbers per year, say), shared by
    every process: each number is taken under the counter row's lock, so parallel writers
    never draw the same one (see ``core.sequences``)."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    value = models.PositiveBigIntegerField(_("当前值"), default=0)

    #: A counter's every step is not worth a change history.
    audited = False

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = pgettext_lazy("plural", "编号序列")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class GlossaryTerm(TimeStampedModel):
    """A Chinese term and its English counterpart as the network's fields use them (增材制造 /
    additive manufacturing): matching reads each pair both ways before the general dictionary,
    and explanations name it (``engine.translate.Glossary``). Written through
    ``core.glossary`` only, which steps the glossary's version for every process."""

    term_zh = models.CharField(_("中文术语"), max_length=200)
    term_en = models.CharField(_("英文术语"), max_length=200)
    field = models.ForeignKey(
        TechnologyField,
        verbose_name=_("技术领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="glossary_terms",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["term_zh", "term_en"]
        verbose_name = _("术语对")
        verbose_name_plural = pgettext_lazy("plural", "术语表")
        constraints = [
            models.UniqueConstraint(fields=["term_zh", "term_en"], name="glossary_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term_zh} / {self.term_en}"

    def clean(self) -> None:
        # The analyser loads its word lists on import: only where a pair is checked.
        from techbridge.engine.text import analyze

        self.term_zh = " ".join(self.term_zh.split())
        self.term_en = " ".join(self.term_en.split())
        errors: dict[str, Any] = {}
        if self.term_zh and not _HAN.search(self.term_zh):
            errors["term_zh"] = _("中文术语须含有汉字。")
        elif self.term_zh and not analyze(self.term_zh):
            errors["term_zh"] = _("该术语只有停用词或符号，匹配无法使用。")
        if self.term_en and (_HAN.search(self.term_en) or not _LATIN.search(self.term_en)):
            errors["term_en"] = _("英文术语须用拉丁字母书写，不含汉字。")
        elif self.term_en and not analyze(self.term_en):
            errors["term_en"] = _("该术语只有停用词或符号，匹配无法使用。")
        if errors:
            raise ValidationError(errors)


_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
