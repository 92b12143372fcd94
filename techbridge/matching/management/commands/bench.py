"""``techbridge bench feedback``: the effect of feedback on ranking, measured on the records.

The contracts of one technology field are replayed in the order they were signed. For each,
the institutes are ranked for its need twice: by the matching engine alone, and with the
feedback of the contracts signed before it (each a "contracted" decision, the platform's
own rule in ``services.prior_from_counts``). The figure is where the institute that signed
the contract ranks: mean reciprocal rank and recall at 1 and 5, without and with feedback.
Ends with one JSON line. (``techbridge bench goldstandard|csl|xling|speed|assignment`` are
the engine's benchmarks.)
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.models import CooperationContract
from techbridge.core.models import TechnologyField
from techbridge.matching.index import PlatformIndex
from techbridge.matching.services import need_text, prior_from_counts, with_feedback
from techbridge.matching.sources import Sources
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import ProfileDocument


def _rank(scores: dict[str, float], target: str) -> int | None:
    order = sorted(scores, key=lambda k: -scores[k])
    return order.index(target) + 1 if target in order else None


def _summary(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "mrr": sum(1 / r for r in ranks if r) / n,
        "recall_at_1": sum(1 for r in ranks if r and r <= 1) / n,
        "recall_at_5": sum(1 for r in ranks if r and r <= 5) / n,
    }


class Command(BaseCommand):
    help = "Benchmarks that need the database: feedback (the effect of feedback on ranking)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=["feedback"])
        parser.add_argument("--field", default="sic-power", help="technology field code")
        parser.add_argument("--limit", type=int, default=120, help="contracts replayed at most")

    def handle(self, *args: Any, name: str, field: str, limit: int, **options: Any) -> None:
        if not TechnologyField.objects.filter(code=field).exists():
            raise CommandError(f"unknown technology field: {field}")
        contracts = list(
            CooperationContract.objects.filter(
                need__technology_field__code=field, contractor__isnull=False, need__isnull=False
            )
            .select_related("need")
            .order_by("signed_on", "pk")[:limit]
        )
        if len(contracts) < 10:
            raise CommandError(f"too few contracts in {field} to measure anything")
        started = time.perf_counter()
        index = PlatformIndex()
        index.build(
            Sources(
                ProfileDocument.objects.filter(expert__technology_fields__code=field).distinct(),
                TechnologicalAchievement.objects.none(),
                TechnologyNeed.objects.none(),
            )
        )
        built = time.perf_counter() - started
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        plain: list[int | None] = []
        fed: list[int | None] = []
        for contract in contracts:
            target = str(contract.contractor_id)
            assert contract.need is not None  # filtered above
            matches = index.match_resources(
                need_text(contract.need), ["institute"], k=0, title=contract.need.title
            )
            engine = {m.entity_id: m.score for m in matches}
            prior = prior_from_counts({k: dict(v) for k, v in counts.items()})
            boosted = {k: with_feedback(s, prior.get(k, 0.0)) for k, s in engine.items()}
            plain.append(_rank(engine, target))
            fed.append(_rank(boosted, target))
            counts[target]["contracted"] += 1  # this contract becomes feedback for later ones
        without, with_ = _summary(plain), _summary(fed)
        self.stdout.write(
            f"field {field}: {len(contracts)} contracts replayed in signing order; "
            f"index of {index.status().indexed} expert documents built in {built:.1f} s"
        )
        self.stdout.write(f"{'':22}{'MRR':>8}{'R@1':>8}{'R@5':>8}")
        for label, figures in (("engine alone", without), ("with feedback", with_)):
            self.stdout.write(
                f"{label:22}{figures['mrr']:8.3f}{figures['recall_at_1']:8.3f}"
                f"{figures['recall_at_5']:8.3f}"
            )
        self.stdout.write(
            json.dumps(
                {
                    "field": field,
                    "contracts": len(contracts),
                    "mrr_without": round(without["mrr"], 4),
                    "mrr_with": round(with_["mrr"], 4),
                    "recall_at_1_without": round(without["recall_at_1"], 4),
                    "recall_at_1_with": round(with_["recall_at_1"], 4),
                    "recall_at_5_without": round(without["recall_at_5"], 4),
                    "recall_at_5_with": round(with_["recall_at_5"], 4),
                }
            )
        )
