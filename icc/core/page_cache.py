"""Cache the pages anonymous visitors see; any write makes every cached page stale.

A single generation number lives in the shared cache. Cached pages are keyed
by it, so bumping it after a write retires all of them at once without
knowing which pages showed the changed record.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

_GENERATION_KEY = "public-pages:generation"


def invalidate_public_pages() -> None:
    """Make every cached public page stale; call after any write visitors can see."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def _generation() -> int:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        generation = cache.get(_GENERATION_KEY, 1)
    return int(generation)


def _is_cacheable_request(request: HttpRequest) -> bool:
    # A visitor with no session and no pending message sees what every visitor sees;
    # checking cookies avoids loading a session at all.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "format" not in request.GET
    )


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view from the cache to anonymous visitors; signed-in people get it fresh."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        timeout = settings.ICC_PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = f"public-page:{_generation()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
