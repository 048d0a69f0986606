"""The private link of a company: a nonce signed with the site's key (decision 0051).

The token names the invitation and its nonce, signed (``TimestampSigner``) so that it
cannot be guessed or altered, and dated so that it expires. The nonce is stored with
the invitation: a reminder sends a freshly dated link to the same response, and the
company's deletion makes every link of it answer "deleted".
"""

import secrets

from django.core import signing

from icc.barometer.models import Invitation

SALT = "icc.barometer.link"
LINK_DAYS = 400


class LinkProblem(Exception):
    """A link that opens no response; ``code`` says why: tampered, expired or deleted."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def token_for(invitation: Invitation) -> str:
    """Return a fresh signed token for the invitation's private link."""
    return signing.TimestampSigner(salt=SALT).sign(f"{invitation.pk}.{invitation.link_nonce}")


def open_link(token: str) -> Invitation:
    """Return the invitation a token opens, or raise ``LinkProblem`` saying why not."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token[:200], max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except signing.BadSignature:
        raise LinkProblem("tampered") from None
    number, _, nonce = value.partition(".")
    invitation = (
        Invitation.objects.select_related("round", "city").filter(pk=int(number)).first()
        if number.isdigit()
        else None
    )
    if invitation is None:
        raise LinkProblem("tampered")
    if invitation.is_erased:
        raise LinkProblem("deleted")
    if not secrets.compare_digest(invitation.link_nonce, nonce):
        raise LinkProblem("tampered")
    return invitation
