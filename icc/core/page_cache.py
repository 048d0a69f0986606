"""Cache the pages anonymous visitors see; any write makes every cached page stale.

A single generation number lives in the shared cache. Cached pages are keyed
by it, so bumping it after a write retires all of them at once without
knowing which pages showed the changed record.

Views say which pages are the same for every visitor (``cache_public_page``);
``PublicPageCacheMiddleware`` stores them and answers from the cache before the
session, locale, CSRF, authentication and message middleware and the URL
resolver run: a cached page costs two cache reads. It keeps the headers those
middleware added and the page's Content-Security-Policy, and gives them again.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
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
    """Mark the view's pages as the same for every anonymous visitor: the middleware caches them.

    Signed-in people always get them fresh.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.is_public_page = True  # type: ignore[attr-defined]
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


# What a cached page keeps: its content, its headers, and its CSP when the view set one.
type _Recording = tuple[bytes, list[tuple[str, str]], dict[str, Any] | None]


class PublicPageCacheMiddleware:
    """Answer anonymous visitors from the page cache, before the rest of the stack runs.

    Placed after the security, static-file and CSP middleware, which still apply to a
    cached page. The key holds the generation, the language the locale middleware
    would choose and the full path.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.ICC_PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or not _is_cacheable_request(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=True)
        key = f"public-page:{_generation()}:{language}:{request.get_full_path()}"
        recording: _Recording | None = cache.get(key)
        if recording is not None:
            return _replay(recording)
        response = self.get_response(request)
        if (
            getattr(response, "is_public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            cache.set(key, _record(response), timeout)
        return response


def _record(response: HttpResponse) -> _Recording:
    return (response.content, list(response.items()), getattr(response, "_csp_config", None))


def _replay(recording: _Recording) -> HttpResponse:
    content, headers, policy = recording
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if policy is not None:
        response._csp_config = policy  # type: ignore[attr-defined]
    return response
