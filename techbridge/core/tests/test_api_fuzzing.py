"""Every API operation, fuzzed from the OpenAPI schema (schemathesis): no input gives a server
error, and every answer (status, body) is one the schema documents.

Each operation is one test: schemathesis's boundary cases and up to :data:`EXAMPLES`
generated requests (valid and invalid bodies, parameters and ids) as a headquarters user with
a read-write token, inside the test's transaction (what the requests write is rolled back).
An update's invalid bodies go to the record's creation, whose serializer it shares (see
:func:`filter_case`). It runs on the PostgreSQL pass of the suite, the production database
(about five minutes of two cores); on SQLite, ``test_bad_input.py`` covers the inputs its
driver refuses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import CoveragePhaseData
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from techbridge.accounts.services import issue_token

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    # Skipped before the operations' test cases are built (about 15 s of a worker's CPU).
    pytest.skip("fuzzed on the PostgreSQL pass", allow_module_level=True)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _json_safe(value: Any) -> Any:
    """The generator's schema as plain JSON types (it holds lazy translated strings)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


@pytest.fixture(autouse=True)
def one_connection() -> Iterator[None]:
    """Requests go straight to the WSGI application, whose end-of-request handler would close
    the test's database connection (and its transaction); Django's own test client holds it
    open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token() -> str:
    hq = get_user_model().objects.get(username="hq")
    return issue_token(hq, name="fuzzing", scope="read_write", days=1)[1]


# The schema is generated in-process (Django is set up before tests are collected); the
# requests go to the project's WSGI application.
schema = schemathesis.openapi.from_dict(
    _json_safe(SchemaGenerator().get_schema(request=None, public=True))
)
schema.app = get_wsgi_application()
# Methods an operation does not declare answer 405 from the framework itself: not sent.
schema.config.phases.coverage.unexpected_methods = set()


def _creation_body(path: str) -> str | None:
    """The request body schema of ``POST`` on the collection of the record at ``path``."""
    post = schema.raw_schema["paths"].get(path.rsplit("{", 1)[0], {}).get("post") or {}
    body = post.get("requestBody", {}).get("content", {}).get("application/json", {})
    return body.get("schema", {}).get("$ref")


def _body(operation: Any) -> str | None:
    content = operation.definition.raw.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema", {}).get("$ref")


@schema.hook
def filter_case(context: Any, case: Any) -> bool:
    """A record's ``PUT`` and ``PATCH`` validate their body with the serializer that its
    creation (``POST``) validates with: the boundary cases of an invalid body are sent to the
    creation only. The updates take their invalid ids and headers, every valid boundary body
    and the generated requests."""
    meta = case.meta
    if (
        meta is None
        or not isinstance(meta.phase.data, CoveragePhaseData)
        or meta.generation.mode != GenerationMode.NEGATIVE
        or meta.phase.data.parameter_location != ParameterLocation.BODY
        or case.operation.method.upper() not in ("PUT", "PATCH")
    ):
        return True
    creation = _creation_body(case.operation.path)
    body = _body(case.operation)
    patched = creation.replace("schemas/", "schemas/Patched") if creation else None
    return creation is None or body not in (creation, patched)


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)
def test_no_operation_fails_or_breaks_its_schema(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
