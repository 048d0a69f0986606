"""API endpoints of the practices app."""

from ninja import Router

router = Router()
