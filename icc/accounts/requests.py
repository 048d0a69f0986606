"""The type of a request whose person is signed in, for views behind login_required."""

from django.http import HttpRequest

from icc.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request made by a signed-in person (``login_required`` guarantees it)."""

    user: User  # type: ignore[assignment]
