"""A need as one reader may read it: the single projection every channel renders.

Pages, the API, exports, the dashboard, match lists, notifications and the need history
show a need through :class:`NeedProjection`, never through the model's fields directly.
A reader of the full text gets everything; a reader of the public summary gets a title cut
from the summary, no description, no indicators, no budget, and no enterprise or JIC when
the need is anonymous. A reference from one need to another (a duplicate, say) is rendered
through the reader's projection of the other need, or as "another need" when the reader may
not see it at all, never from stored text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import TechnologyNeed
from .visibility import NeedAudience, visible_needs_for


def summary_title(need: TechnologyNeed) -> str:
    """The title a summary reader sees: the public summary's first sentence."""
    return need.public_summary.split("。")[0].split(". ")[0].strip()[:80]


@dataclass(frozen=True)
class NeedProjection:
    """What one reader may read of one need (``full``: the whole text)."""

    need: TechnologyNeed
    full: bool

    @classmethod
    def of(cls, need: TechnologyNeed, audience: NeedAudience) -> NeedProjection:
        return cls(need, audience.reads(need))

    @classmethod
    def many(cls, needs: Iterable[TechnologyNeed], audience: NeedAudience) -> list[NeedProjection]:
        """Projections of a list of needs (loaded with ``jic``). Whether the reader is a named
        viewer is asked once for the whole list, and only of the needs the reader does not
        read in full otherwise: the list needs no prefetch of every named viewer."""
        needs = list(needs)
        undecided = [n.pk for n in needs if not audience.sees_full_text(n, set())]
        named: set[int] = set()
        if undecided and audience.user_id is not None:
            viewers = TechnologyNeed.named_viewers.through.objects
            named = set(
                viewers.filter(
                    technologyneed_id__in=undecided, user_id=audience.user_id
                ).values_list("technologyneed_id", flat=True)
            )
        me = {audience.user_id} if audience.user_id is not None else set()
        return [
            cls(need, audience.sees_full_text(need, me if need.pk in named else set()))
            for need in needs
        ]

    @property
    def pk(self) -> int:
        return int(self.need.pk)

    @property
    def title(self) -> str:
        if self.full:
            return self.need.title
        return summary_title(self.need) or _("（公开摘要）")

    @property
    def description(self) -> str | None:
        return self.need.description if self.full else None

    @property
    def technical_indicators(self) -> str | None:
        return self.need.technical_indicators if self.full else None

    @property
    def budget_min_cny(self) -> Decimal | None:
        return self.need.budget_min_cny if self.full else None

    @property
    def budget_max_cny(self) -> Decimal | None:
        return self.need.budget_max_cny if self.full else None

    @property
    def names_enterprise(self) -> bool:
        return self.full or not self.need.is_anonymous

    @property
    def enterprise_id(self) -> int | None:
        return self.need.enterprise_id if self.names_enterprise else None

    @property
    def jic_id(self) -> int | None:
        return self.need.jic_id if self.names_enterprise else None

    @property
    def enterprise_name(self) -> str:
        if self.names_enterprise:
            return str(self.need.enterprise)
        return _("匿名企业")


@dataclass(frozen=True)
class NeedReference:
    """A mention of another need inside this one's record, as one reader may see it."""

    projection: NeedProjection | None

    @property
    def visible(self) -> bool:
        return self.projection is not None

    def __str__(self) -> str:
        if self.projection is None:
            return _("另一项需求")
        return f"#{self.projection.pk} {self.projection.title}"


def reference(need: TechnologyNeed | None, audience: NeedAudience) -> NeedReference:
    """``need`` as ``audience`` may see it from inside another need's record."""
    if need is None:
        return NeedReference(None)
    if not visible_needs_for(TechnologyNeed.objects.filter(pk=need.pk), audience).exists():
        return NeedReference(None)
    return NeedReference(NeedProjection.of(need, audience))
