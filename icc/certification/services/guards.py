"""What every certification write shares: the version check, the register's cache and the
organisation's representatives."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from icc.accounts.models import User
from icc.certification.models import Organisation
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import advance_version


def touch_register() -> None:
    """Clear the public register's cached pages once the transaction commits."""
    invalidate_public_pages_on_commit("certification")


def check_version(model: type, pk: int, expected: int | None) -> None:
    """Refuse a write made from a stale page."""
    if not advance_version(model, pk, expected=expected):
        raise ValidationError(
            _("Someone changed this meanwhile. Reload the page to see their changes.")
        )


def representatives(organisation: Organisation) -> list[User]:
    """Return the organisation's people whose role is not withdrawn."""
    return [
        row.user
        for row in organisation.representatives.filter(revoked_at__isnull=True).select_related(
            "user"
        )
    ]
