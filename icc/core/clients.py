"""Who is asking: the client's address, seen through the configured reverse proxies.

Behind a reverse proxy every request comes from the proxy's address; the real client
is in ``X-Forwarded-For``. Only the entries added by proxies we run can be trusted (a
client can send the header itself), so ``ICC_TRUSTED_PROXIES`` says how many proxies
stand in front of the application: the address that many places from the end of the
header is the client's. With 0 (the default, no proxy) the header is ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent ``request``."""
    proxies = settings.ICC_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # The last proxy connects to us (REMOTE_ADDR); each trusted proxy appended one entry.
    chain = [*forwarded, remote]
    return chain[-proxies - 1] if len(chain) > proxies else chain[0]


def client_key(request: HttpRequest) -> str:
    """Return a key for rate limits: the signed-in person, or the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"
