"""Values every page template needs: the language switch and the reader's roles."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info

from icc.core.menus import account_links


def site(request: HttpRequest) -> dict[str, Any]:
    """Return the other-language links of this page and the PDF flag."""
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {"code": code, "name_local": info["name_local"], "url": translate_url(path, code)}
        )
    return {
        "site_languages": languages,
        "is_pdf": getattr(request, "is_pdf", False),
        # Read only when a page shows the account menu, so visitors' pages pay nothing.
        "account_links": SimpleLazyObject(lambda: account_links(request.user)),
    }
