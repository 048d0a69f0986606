"""Print the API's OpenAPI schema, as committed in docs/api/openapi.json."""

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the OpenAPI schema of /api/v1/ as JSON."

    def handle(self, *args: Any, **options: Any) -> None:
        from config.api import openapi_schema

        self.stdout.write(
            json.dumps(openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False)
        )
