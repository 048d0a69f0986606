"""API endpoints of the Index app."""

from ninja import Router

router = Router()
