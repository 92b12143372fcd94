"""Every API operation, fuzzed from the OpenAPI schema (schemathesis): no input gives a server
error, and every answer (status, body) is one the schema documents.

Each operation is one test: schemathesis's boundary cases and up to :data:`EXAMPLES`
generated requests (valid and invalid bodies, parameters and ids) as a headquarters user with
a read-write token, inside the test's transaction (what the requests write is rolled back).
A boundary case that repeats another request through the same code is sent once (see
:func:`_duplicate`: 7,063 of the 30,501 cases are sent). It runs on the PostgreSQL pass of
the suite, the production database; on SQLite, ``test_bad_input.py`` covers the inputs its
driver refuses.
"""

from __future__ import annotations

import json
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


@schemathesis.check
def not_an_undocumented_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """No server error, except one the operation documents (the matches of a need answer 503
    while the matching index is not built, as it is not in the test database): its status
    and body are then checked against the schema like any other answer."""
    documented = case.operation.definition.raw.get("responses", {})
    if response.status_code == 503 and "503" in documented:
        return None
    return not_a_server_error(ctx, response, case)


CHECKS = [
    not_an_undocumented_server_error,
    status_code_conformance,
    response_schema_conformance,
]


def _json_safe(value: Any) -> Any:
    """The generator's schema as plain JSON types (it holds lazy translated strings)."""
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


#: The list whose paging parameters take the invalid values: every list pages with the same
#: class (``LimitOffsetPagination``).
PAGED_LIST = "/api/needs/"


def _parameter_key(parameter: dict[str, Any]) -> tuple[str, str, str]:
    """A query or path parameter's location, name and schema (without its translated title)."""
    shape = {k: v for k, v in parameter.get("schema", {}).items() if k != "title"}
    return parameter["in"], parameter["name"], json.dumps(shape, sort_keys=True)


def _parameter_owners() -> dict[tuple[str, str, str], str]:
    """For each query or path parameter (location, name, schema without its title): the first
    operation, in the schema's order, that takes it."""
    owners: dict[tuple[str, str, str], str] = {}
    for path, operations in schema.raw_schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", ()) if isinstance(operation, dict) else ():
                if parameter.get("in") in ("query", "path"):
                    owners.setdefault(_parameter_key(parameter), f"{method.upper()} {path}")
    return owners


PARAMETER_OWNERS = _parameter_owners()
LOCATIONS = {ParameterLocation.QUERY: "query", ParameterLocation.PATH: "path"}


def _invalid_elsewhere(case: Any, data: Any) -> bool:
    """Whether an invalid query or path parameter is one an earlier operation already takes
    (the same name and schema): the same filter class on a field of the same type, or the
    same URL pattern, which the router applies before any view."""
    operation = case.operation
    for parameter in operation.definition.raw.get("parameters", ()):
        if parameter.get("in") == LOCATIONS[data.parameter_location] and (
            parameter.get("name") == data.parameter
        ):
            owner = PARAMETER_OWNERS.get(_parameter_key(parameter))
            return owner != f"{operation.method.upper()} {operation.path}"
    return False


def _duplicate(case: Any) -> bool:
    """Whether a boundary case sends what another operation's (or another case's) request
    already tests through the same code:

    - the invalid bodies of a record's ``PUT`` and ``PATCH``: they validate with the
      serializer of its creation (``POST``), which takes them;
    - the valid variants of a ``PUT`` body: ``PATCH`` sends each one through the same
      serializer and update service (the ``PUT`` keeps its whole valid body);
    - a read-only field sent in a body: every serializer drops it; ``id`` stands for them all;
    - invalid ``limit`` and ``offset``: one list takes them for all;
    - another invalid query or path parameter: the first operation with a parameter of that
      name and schema takes them for all that have it;
    - the variants of a form or multipart body: once parsed, it reaches the serializer a JSON
      body reaches, which takes every variant as JSON; each encoding sends its valid object.
    """
    meta = case.meta
    if meta is None or not isinstance(meta.phase.data, CoveragePhaseData):
        return False
    data = meta.phase.data
    method = case.operation.method.upper()
    negative = meta.generation.mode == GenerationMode.NEGATIVE
    if data.parameter_location in LOCATIONS:
        if negative and data.parameter in ("limit", "offset"):
            return case.operation.path != PAGED_LIST
        return negative and _invalid_elsewhere(case, data)
    if data.parameter_location != ParameterLocation.BODY:
        return False
    if data.parameter not in (None, "application/json"):
        return data.description != "Valid object"
    if not negative:
        return method == "PUT" and data.description != "Valid object"
    if data.description.endswith("Value is not allowed") and not data.description.startswith("id:"):
        return True
    if method not in ("PUT", "PATCH"):
        return False
    creation = _creation_body(case.operation.path)
    body = _body(case.operation)
    patched = creation.replace("schemas/", "schemas/Patched") if creation else None
    return creation is not None and body in (creation, patched)


@schema.hook
def filter_case(context: Any, case: Any) -> bool:
    """The boundary cases sent: all but the duplicates :func:`_duplicate` names. The generated
    requests are all sent."""
    return not _duplicate(case)


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
