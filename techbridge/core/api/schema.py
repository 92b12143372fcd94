"""The OpenAPI schema documents the error answers every operation can give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    """An error with one translated message."""

    detail = serializers.CharField()


#: Status -> what it means, documented on every operation that can answer it.
ERRORS = {
    # Translated messages by field (or under non_field_errors or detail).
    "400": ("Invalid input (translated messages by field).", OpenApiTypes.OBJECT),
    "401": ("No valid credentials: sign in, or send a token or Basic credentials.", None),
    "403": ("Signed in, but this user (or this token's scope) may not do this.", None),
    "404": ("No such record, or not one this user may see.", None),
    "429": ("Too many failed sign-ins: this sign-in is locked for a while.", None),
}


class TechBridgeAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code, (description, serializer) in ERRORS.items():
            if code == "404" and "{" not in self.path:
                continue  # a list answers an empty page, not 404
            if code not in bodies:
                response = OpenApiResponse(
                    serializer or ErrorDetailSerializer, description=description
                )
                bodies[code] = self._get_response_for_code(response, code, direction=direction)
        return bodies
