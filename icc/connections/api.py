"""API endpoints of the connections app."""

from ninja import Router

router = Router()
