"""Serializer fields and pagination that refuse out-of-range input with a 400."""

from __future__ import annotations

from typing import Any

from rest_framework import pagination, serializers

from techbridge.core.filtersets import MAX_ID


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id; an id no database integer holds is "no such record"
    (the drivers raise on it instead of finding nothing)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        number = data if isinstance(data, int) else None
        if isinstance(data, str) and data.strip().lstrip("-").isdecimal() and data.isascii():
            number = int(data) if len(data) < 40 else MAX_ID + 1
        if number is not None and not -MAX_ID <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class BoundedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose related fields are :class:`BoundedPrimaryKeyRelatedField`."""

    serializer_related_field = BoundedPrimaryKeyRelatedField


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """DRF's limit/offset paging with a ceiling on both (a page is at most 1,000 rows)."""

    max_limit = 1000

    def get_offset(self, request: Any) -> int:
        offset = super().get_offset(request)
        return min(offset, MAX_ID)
