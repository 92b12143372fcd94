"""Matches of a need and the decisions taken on them, as the API shows them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class MatchEvidenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    score = serializers.FloatField()


class MatchSerializer(serializers.Serializer):
    resource_type = serializers.CharField()
    resource_id = serializers.CharField()
    name = serializers.CharField()
    detail = serializers.CharField()
    score = serializers.FloatField(
        help_text="Raw ranking score in [0, 1], with feedback from other needs; for ordering."
    )
    engine_score = serializers.FloatField(help_text="The matching engine's own score.")
    fit = serializers.IntegerField(
        min_value=0,
        max_value=100,
        help_text=(
            "The ranking score as a person reads it, 0-100: the share of pairs scored so that "
            "researchers rate expert-level (4 or 5 of 5), calibrated on labelled pairs; the "
            "same scale for every resource type."
        ),
    )
    reason = serializers.CharField()
    evidence = MatchEvidenceSerializer(many=True)
    terms = serializers.ListField(child=serializers.CharField())
    decision = serializers.CharField(allow_blank=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(vars(instance))
        data["evidence"] = [{"title": t, "kind": k, "score": s} for t, k, s in instance.evidence]
        return super().to_representation(data)


class DecisionSerializer(serializers.Serializer):
    resource_type = serializers.ChoiceField(
        choices=["expert", "institute", "achievement", "partner"]
    )
    resource_id = serializers.CharField(max_length=40)
    action = serializers.ChoiceField(
        choices=["shortlisted", "dismissed", "introduced"],
        help_text="A contract is recorded through the contract register, not as a decision.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
