"""Validate API responses against the project's own OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

import functools
import re
from typing import Any

from openapi_schema_validator import OAS30Validator


@functools.cache
def openapi_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def _operation(path: str, method: str) -> dict[str, Any]:
    for template, item in openapi_schema()["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            operation: dict[str, Any] = item[method.lower()]
            return operation
    raise AssertionError(f"{method} {path} is not in the OpenAPI schema")


def assert_matches_schema(path: str, method: str, status: int, body: Any) -> None:
    """Fail unless ``body`` is what the schema promises for this operation and status."""
    path = path.split("?", 1)[0]
    responses = _operation(path, method)["responses"]
    spec = responses.get(str(status))
    assert spec is not None, f"status {status} of {method} {path} is not documented"
    schema = spec["content"]["application/json"]["schema"]
    validator = OAS30Validator({**schema, "components": openapi_schema()["components"]})
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, f"{method} {path}: {errors[0]}"
