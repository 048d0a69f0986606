"""API endpoints of the commitment app."""

from ninja import Router

router = Router()
