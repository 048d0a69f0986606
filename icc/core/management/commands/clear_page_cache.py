"""Retire every cached public page, e.g. after a deploy that changed templates or translations."""

from typing import Any

from django.core.management.base import BaseCommand

from icc.core.page_cache import invalidate_public_pages


class Command(BaseCommand):
    help = "Make every cached public page stale."

    def handle(self, *args: Any, **options: Any) -> None:
        invalidate_public_pages()
