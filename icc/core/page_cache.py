"""Cache the pages anonymous visitors see, and never serve one older than a write it shows.

Each cached page records the generation numbers (``icc.core.generations``) of the
content it shows, read before it was rendered; it is served while they are unchanged.
The numbers live in the database, so no eviction of the cache can bring an old page
back, and a write retires only the pages of its scope: a practice edit leaves the Index
pages cached. ``invalidate_public_pages()`` with no scope retires every page.

Views say which pages are the same for every visitor (``cache_public_page``) and which
query parameters change them; other parameters are ignored for the key, so they cannot
fill the cache, and the variants of one page are bounded. ``PublicPageCacheMiddleware``
answers from the cache before the session, locale, CSRF, authentication and message
middleware and the URL resolver run: a hit costs one or two cache reads and one small
query. It keeps the headers those middleware added and the page's
Content-Security-Policy, and gives them again. Nothing a page shows is taken from the
request's Host header (``icc.core.site.absolute_url``), so a forged host cannot be cached.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping
from functools import partial, wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from icc.core.generations import bump_generations, read_generations
from icc.core.models import Generation

# Every page depends on this scope; a write that may show anywhere bumps it.
EVERYTHING = "pages:all"
_PREFIX = "pages:"
# How many variants (query strings) of one page, per language, are kept at once.
MAX_VARIANTS_PER_PAGE = 200


def invalidate_public_pages(*scopes: str) -> None:
    """Retire the cached pages that show ``scopes`` (every page when no scope is given).

    Called on commit of a write visitors can see, e.g.
    ``transaction.on_commit(partial(invalidate_public_pages, "practices"))``.
    """
    bump_generations(*([_PREFIX + scope for scope in scopes] or [EVERYTHING]))


def content_generations(*scopes: str) -> dict[str, int]:
    """Return the generations of the content ``scopes`` and of every page (one query).

    For a reader that keeps a computation over content others write (e.g. mentoring's
    effect over published Index results) and keys it by these numbers, as pages are.
    """
    return dict(read_generations([EVERYTHING, *(_PREFIX + scope for scope in scopes)]))


def invalidate_public_pages_on_commit(*scopes: str) -> None:
    """Retire the cached pages of ``scopes`` once the current transaction commits."""
    transaction.on_commit(partial(invalidate_public_pages, *scopes))


class PageRule:
    """What a cached page depends on: content scopes, and the query parameters it reads."""

    __slots__ = ("query", "scopes")

    def __init__(self, scopes: Iterable[str] | None, query: Iterable[str] | None) -> None:
        # None: the page shows every kind of content / reads every parameter.
        self.scopes = None if scopes is None else tuple(sorted(_PREFIX + s for s in scopes))
        self.query = None if query is None else frozenset(query)

    def as_tuple(self) -> tuple[tuple[str, ...] | None, frozenset[str] | None]:
        return (self.scopes, self.query)


def cache_public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    scopes: Iterable[str] | None = None,
    query: Iterable[str] | None = None,
) -> Any:
    """Mark the view's pages as the same for every anonymous visitor: the middleware caches them.

    ``scopes`` names the kinds of content the page shows (``"practices"``, ``"index"``,
    ``"events"``…); by default it shows all of them. ``query`` names the query
    parameters the view reads; others are ignored for the cache key. By default every
    parameter counts, and at most ``MAX_VARIANTS_PER_PAGE`` variants are kept. A view
    that offers a PDF reads ``format`` too. Signed-in people always get pages fresh.
    """
    if view is None:
        return partial(cache_public_page, scopes=scopes, query=query)
    if query is not None and getattr(view, "offers_pdf", False):
        query = [*query, "format"]
    rule = PageRule(scopes, query)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.public_page_rule = rule  # type: ignore[attr-defined]
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


# What a cached page keeps: the scopes it shows, their generations when it was rendered,
# its content, its headers, and its CSP when the view set one.
type _Entry = tuple[
    tuple[str, ...] | None,
    dict[str, int],
    bytes,
    list[tuple[str, str]],
    dict[str, Any] | None,
]


def _is_cacheable_request(request: HttpRequest) -> bool:
    # A visitor with no session and no pending message sees what every visitor sees;
    # checking cookies avoids loading a session at all.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _page_generations() -> dict[str, int]:
    """Return the generation of every page scope written so far."""
    return dict(Generation.objects.filter(scope__startswith=_PREFIX).values_list("scope", "number"))


def _is_fresh(scopes: tuple[str, ...] | None, then: Mapping[str, int], now: dict[str, int]) -> bool:
    if scopes is None:
        return dict(then) == now
    return all(then.get(s, 0) == now.get(s, 0) for s in (EVERYTHING, *scopes))


def _snapshot(scopes: tuple[str, ...] | None, now: dict[str, int]) -> dict[str, int]:
    if scopes is None:
        return now
    return {s: now.get(s, 0) for s in (EVERYTHING, *scopes)}


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def _normalised_query(params: QueryDict, allowed: frozenset[str] | None) -> str:
    pairs = sorted(
        (name, value)
        for name, values in params.lists()
        if allowed is None or name in allowed
        for value in values
        if value != ""
    )
    return urlencode(pairs)


class PublicPageCacheMiddleware:
    """Answer anonymous visitors from the page cache, before the rest of the stack runs.

    Placed after the security, static-file and CSP middleware, which still apply to a
    cached page. The key holds the language the locale middleware would choose, the
    path and the query parameters the page reads.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.ICC_PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or not _is_cacheable_request(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=True)
        page = _digest(language, request.path)
        rule_key = f"public-page-rule:{page}"
        # Until the page has been rendered once, the parameters it reads are not known:
        # a request with a query is then rendered, and the page's own rule says what is kept.
        known = cache.get(rule_key) if request.GET else (None, frozenset())
        now = _page_generations()
        entry: _Entry | None = None
        if known is not None:
            query = _normalised_query(request.GET, known[1])
            entry = cache.get(f"public-page:{page}:{_digest(query)}")
        if entry is not None and _is_fresh(entry[0], entry[1], now):
            return _replay(entry)
        response = self.get_response(request)
        rule: PageRule | None = getattr(response, "public_page_rule", None)
        if rule is None or response.status_code != 200 or response.streaming or response.cookies:
            return response
        cache.set(rule_key, rule.as_tuple(), None)
        query = _normalised_query(request.GET, rule.query)
        if query and not _may_add_variant(page, timeout):
            return response
        cache.set(f"public-page:{page}:{_digest(query)}", _record(rule, now, response), timeout)
        return response


def _may_add_variant(page: str, timeout: int) -> bool:
    """Count one more variant of ``page`` unless it already has its share of the cache."""
    key = f"public-page-variants:{page}"
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key) <= MAX_VARIANTS_PER_PAGE
    except ValueError:
        return False


def _record(rule: PageRule, now: dict[str, int], response: HttpResponse) -> _Entry:
    return (
        rule.scopes,
        _snapshot(rule.scopes, now),
        response.content,
        list(response.items()),
        getattr(response, "_csp_config", None),
    )


def _replay(entry: _Entry) -> HttpResponse:
    _scopes, _generations, content, headers, policy = entry
    response = HttpResponse(content)
    response.is_cached_copy = True  # type: ignore[attr-defined]
    for name, value in headers:
        response[name] = value
    if policy is not None:
        response._csp_config = policy  # type: ignore[attr-defined]
    return response
