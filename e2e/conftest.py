"""Real Chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``browser``: ``pytest -m "not browser"`` leaves them out.
Journeys find elements by role and accessible name, and take every word they
look for from the platform's own catalogue, so they prove that a page is
usable by assistive technology and translated, whatever the final wording.
"""

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, models
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD, Persona, activate_totp
from icc.accounts.models import User


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the tests' database lives in memory, and the server's threads share the one
    connection to it; two requests at once (a page and its download, say) then break that
    connection ("bad parameter or other API misuse"). Connections stay threaded (so a
    browser's idle keep-alive connection blocks nobody); only the application is serial.
    """

    def set_app(self, application: Any) -> None:
        lock = threading.Lock()

        def serial(environ: Any, start_response: Any) -> Any:
            with lock:
                return application(environ, start_response)

        super().set_app(serial)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no outside network: keep Chromium from reaching for it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).parent
# Against a local server, an element missing after this long is missing, not slow.
TIMEOUT_MS = 5_000
TOTP_PERIOD = 30

expect.set_options(timeout=TIMEOUT_MS)

NewPage = Callable[[], Page]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every browser journey, so ``-m "not browser"`` leaves them all out."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the whole run."""
    if not CHROMIUM.exists():
        message = (
            f"Browser journeys need Debian's Chromium at {CHROMIUM}; "
            "install it with `sudo apt-get install chromium`."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Playwright's sync API leaves its event loop marked as running in this thread,
    # which Django would take for an async context and refuse every ORM call of the
    # tests; those calls stay synchronous, so the check is lifted while it runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start each journey with no cached page, sign-in attempt count or used TOTP code."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    """Return a function opening a page in a fresh browser context, with its own cookies.

    The test fails when a page loads a stylesheet or script that is missing, throws
    a script error, or breaks the content security policy.
    """
    contexts = []
    problems: list[str] = []

    def open_page() -> Page:
        context = browser.new_context(locale="en", base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.status} {response.url}")
                if "/static/" in response.url and response.status >= 400
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "The browser met problems:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """Return a page in a fresh browser context whose browser speaks English."""
    return new_page()


@pytest.fixture
def secretariat_totp_secret(secretariat: Persona) -> str:
    """Return the secret of the secretariat's authenticator app, setting one up if needed."""
    user = user_of(secretariat)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return activate_totp(user)
    return get_mfa_adapter().decrypt(authenticator.data["secret"])


def user_of(persona: Persona) -> User:
    """Return the persona's account; only the visitor has none."""
    assert persona.user is not None, f"{persona.name} has no account"
    return persona.user


def verbose_name(model: type[models.Model], field: str) -> Any:
    """Return the label a model form gives ``field`` before capitalising it."""
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    return model_field.verbose_name


def in_language(language: str, text: str) -> str:
    """Return ``text`` as the platform's catalogue renders it in ``language``."""
    with translation.override(language):
        return translation.gettext(text)


def field_name(language: str, label: Any, *, required: bool = False) -> str:
    """Return the accessible name of a form field: its label, then the hint that it is required.

    ``label`` is a msgid or a model field's lazy ``verbose_name``; forms capitalise both.
    """
    with translation.override(language):
        name = capfirst(translation.gettext(label) if isinstance(label, str) else str(label))
        return f"{name} {translation.gettext('(required)')}" if required else name


def url(language: str, name: str, **kwargs: Any) -> str:
    """Return the path of a named page in ``language``."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def current_totp_code(secret: str) -> str:
    """Return the code an authenticator app shows for ``secret``, fresh for a few seconds."""
    # The platform accepts the current period only: a code typed as its period ends is refused.
    if TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def sign_in(
    page: Page,
    email: str,
    *,
    password: str = PASSWORD,
    totp_secret: str | None = None,
    language: str = "en",
) -> None:
    """Sign in through the sign-in form, then the two-factor page when ``totp_secret`` is given.

    A TOTP code is accepted once, so a journey signs a two-factor account in only once.
    """
    page.goto(url(language, "account_login"))
    form = page.get_by_role("main")
    form.get_by_role("textbox", name=field_name(language, "Email", required=True)).fill(email)
    form.get_by_role(
        "textbox", name=field_name(language, "Password", required=True), exact=True
    ).fill(password)
    form.get_by_role("button", name=in_language(language, "Sign in"), exact=True).click()
    if totp_secret is not None:
        expect(page).to_have_url(re.compile(re.escape(url(language, "mfa_authenticate"))))
        form.get_by_role("textbox", name=re.compile(re.escape(in_language(language, "Code")))).fill(
            current_totp_code(totp_secret)
        )
        form.get_by_role("button", name=in_language(language, "Sign in"), exact=True).click()
    # Once signed in, the platform speaks the person's own language, whichever it is;
    # the sign-out button waits in the closed account menu.
    sign_out = "|".join(re.escape(in_language(code, "Sign out")) for code in ("en", "fr"))
    expect(
        page.get_by_role("button", name=re.compile(f"^({sign_out})$"), include_hidden=True)
    ).to_be_attached()
