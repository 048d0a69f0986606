"""Schemathesis over the whole API, in process: no server error, no schema violation.

The requests are generated from the OpenAPI schema the API publishes, with a fixed
seed and a bounded number of examples per operation, so a run is repeatable and
takes well under a minute. Writes go through the token of Lyon's coordinator, so
the operations behind a token are exercised too, not only refused.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import openapi_schema
from conftest import Persona
from icc.accounts.services import create_api_token
from icc.network.models import City

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]

schema = schemathesis.openapi.from_dict(openapi_schema())
schema.app = WSGIHandler()
# Valid requests and invalid ones (wrong types, out of range, missing fields) alike.
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Keep the test's database connection across the in-process requests.

    The WSGI handler closes connections when a request ends; the test's transaction lives
    on that connection (on PostgreSQL it is really closed). Django's test client does
    the same as this.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def lyon_key(lyon: City, oslo: City, barcelona: City, lyon_coordinator: Persona) -> str:
    _token, key = create_api_token(lyon_coordinator.user, name="schemathesis")
    return key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_within_its_schema(case: Any, lyon_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {lyon_key}"}, checks=CHECKS)
