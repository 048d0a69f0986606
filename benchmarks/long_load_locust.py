"""The long load's people: visitors, city coordinators answering the Index, the secretariat.

Read by ``long_load.py``, which builds the accounts and writes the manifest named by
``LOAD_MANIFEST`` (its URLs, the coordinators' response areas, the secretariat's
two-factor secrets). Every person signs in through the real forms with their CSRF token;
coordinators save answers through the same POST the area page's autosave makes, with
the version the page showed. Each request is named by its page kind, so locust's
statistics give the p95 per kind. Weights give the planned mix (benchmarks/README.md):
six visitors, three coordinators and one member of the secretariat in ten.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import time
from typing import Any

from locust import HttpUser, between, events, task

MANIFEST: dict[str, Any] = json.loads(open(os.environ["LOAD_MANIFEST"]).read())  # noqa: SIM115
WORDS = (
    "refugees",
    "school",
    "language",
    "sport",
    "women",
    "youth",
    "housing",
    "culture",
    "dialogue",
    "festival",
    "migrants",
    "library",
    "jobs",
    "neighbourhood",
    "police",
    "health",
)
# Load choices, not secrets.
RNG = random.Random()  # noqa: S311
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWER_FORM = re.compile(
    r'<form method="post" action="([^"]+/answers/[^"]+/)"[^>]*>(.*?)</form>', re.S
)
VERSION = re.compile(r'name="version" value="(\d+)"')
OPTION = re.compile(r'type="(?:radio|checkbox)" name="value" value="([^"]+)"')
# One secretariat account per simulated member at a time: a two-factor code is used once.
_free_secretariat = list(MANIFEST["secretariat"])
_free_coordinators: list[dict[str, Any]] = []


_REQUEST_LOG_PATH = os.environ.get("LOAD_REQUEST_LOG")
_request_log = open(_REQUEST_LOG_PATH, "a", buffering=1) if _REQUEST_LOG_PATH else None  # noqa: SIM115


@events.request.add_listener
def log_request(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    """Write each request's time, kind and duration, for the p95 after the warm-up."""
    if _request_log is not None:
        _request_log.write(f"{time.time():.1f},{name},{response_time:.0f},{int(bool(exception))}\n")


def totp_code(secret: str, at: float) -> str:
    """Return the six-digit code of an authenticator app (RFC 6238, 30 s, SHA-1).

    Written here because allauth's own needs Django's settings, which locust has not.
    """
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, int(at // 30).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def csrf_of(html: str) -> str:
    """Return the CSRF token of the first form of a page."""
    match = CSRF.search(html)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


class SignedIn(HttpUser):
    """Someone who signs in through the sign-in form before working."""

    abstract = True

    def sign_in(self, email: str, totp_secret: str | None = None) -> None:
        """Post the sign-in form (and the two-factor form) until signed in.

        A throttled sign-in (429) waits like a person would. A refused step is a failure
        in the statistics: a code typed in time but answered after its 30 s period (the
        server's queue) is refused for a person too.
        """
        self.email, self.totp_secret = email, totp_secret
        for _attempt in range(10):
            page = self.client.get(MANIFEST["login"], name="sign-in form")
            with self.client.post(
                MANIFEST["login"],
                {
                    "csrfmiddlewaretoken": csrf_of(page.text),
                    "login": email,
                    "password": MANIFEST["password"],
                },
                headers={"Referer": self.host + MANIFEST["login"]},
                name="sign-in",
                catch_response=True,
            ) as answer:
                if answer.status_code == 429:
                    answer.success()
                    time.sleep(15)
                    continue
                if "/accounts/login/" in answer.url:
                    answer.failure("the password was refused")
                    continue
                url, html = answer.url, answer.text
            if "2fa" not in url or (totp_secret and self._second_factor(url, html, totp_secret)):
                return
        raise RuntimeError(f"{email} could not sign in")

    def _second_factor(self, url: str, html: str, secret: str) -> bool:
        # A code is accepted once and only in its own 30 s period.
        if 30 - time.time() % 30 < 3:
            time.sleep(30 - time.time() % 30 + 0.1)
        code = totp_code(secret, time.time())
        with self.client.post(
            url,
            {"csrfmiddlewaretoken": csrf_of(html), "code": code},
            headers={"Referer": url},
            name="sign-in two-factor",
            catch_response=True,
        ) as answer:
            if "2fa" in answer.url or "/accounts/login/" in answer.url:
                answer.failure("the code was refused (answered after its 30 s period?)")
                # The next code, in the next period.
                time.sleep(30 - time.time() % 30 + 0.1)
                return False
        return True

    def page(self, path: str, name: str) -> str:
        """Open a page; a redirect to the sign-in page is a failure, then sign in again."""
        with self.client.get(path, name=name, catch_response=True) as answer:
            if "/accounts/login/" in answer.url or "2fa" in answer.url:
                answer.failure("signed out: sent to the sign-in page")
                signed_out = True
            else:
                signed_out = False
                text = answer.text
        if signed_out:
            self.sign_in(self.email, self.totp_secret)
            return ""
        return text


class Visitor(HttpUser):
    """A member of the public reading the network's pages."""

    weight = 6
    wait_time = between(4, 16)

    @task(3)
    def home(self) -> None:
        """Open the home page."""
        self.client.get(MANIFEST["home"], name="home")

    @task(3)
    def directory(self) -> None:
        """Open the city directory, sometimes a later page or a filter."""
        params = RNG.choice(({}, {"page": 2}, {"q": RNG.choice(("ly", "os", "ber"))}))
        self.client.get(MANIFEST["directory"], params=params, name="directory")

    @task(4)
    def profile(self) -> None:
        """Open a city's profile."""
        self.client.get(RNG.choice(MANIFEST["profiles"]), name="city profile")

    @task(3)
    def results(self) -> None:
        """Open a city's Index results, or the results table."""
        if RNG.random() < 0.25:
            self.client.get(MANIFEST["results_table"], name="results table")
        else:
            self.client.get(RNG.choice(MANIFEST["results"]), name="city results")

    @task(3)
    def practice_search(self) -> None:
        """Search the practices with one or two words."""
        words = " ".join(RNG.sample(WORDS, RNG.choice((1, 1, 2))))
        self.client.get(MANIFEST["practice_search"], params={"q": words}, name="practice search")

    @task(1)
    def practice(self) -> None:
        """Read one published practice."""
        if MANIFEST["practices"]:
            self.client.get(RNG.choice(MANIFEST["practices"]), name="practice")

    @task(1)
    def pdf(self) -> None:
        """Download a city's results as PDF, now and then."""
        if RNG.random() < 0.2:
            with self.client.get(
                RNG.choice(MANIFEST["results"]),
                params={"format": "pdf"},
                name="results PDF",
                catch_response=True,
            ) as answer:
                # Every render slot taken: the page says "try again" (decision 0037). The
                # report counts these apart from the server's errors.
                if answer.status_code == 503 and answer.headers.get("Retry-After"):
                    answer.success()


class Coordinator(SignedIn):
    """A city coordinator answering the open Index round, and searching practices."""

    weight = 3
    wait_time = between(4, 16)

    def on_start(self) -> None:
        """Sign in as one of the load's coordinators (several people may share a city)."""
        if not _free_coordinators:
            _free_coordinators.extend(
                RNG.sample(MANIFEST["coordinators"], k=len(MANIFEST["coordinators"]))
            )
        self.account = _free_coordinators.pop()
        self.sign_in(self.account["email"])
        self.area_page = ""

    @task(3)
    def open_area(self) -> None:
        """Open one area of the city's response."""
        self.area_page = self.page(RNG.choice(self.account["areas"]), "response area")

    @task(5)
    def save_answer(self) -> None:
        """Save one answer of the open area as the page's autosave does, with its version."""
        forms = ANSWER_FORM.findall(self.area_page)
        if not forms:
            self.open_area()
            return
        action, form = RNG.choice(forms)
        version = VERSION.search(form)
        options = OPTION.findall(form)
        if options:
            value: Any = RNG.choice(options)
        elif 'inputmode="decimal"' in form:
            value = str(RNG.randint(0, 100))
        else:
            value = f"Load test answer {RNG.randint(1, 10**6)}"
        with self.client.post(
            action,
            {
                "csrfmiddlewaretoken": csrf_of(self.area_page),
                "version": version.group(1) if version else "0",
                "value_present": "1",
                "value": value,
                "evidence_text": "Council decision and programme report.",
            },
            headers={"X-Requested-With": "fetch", "Referer": self.host + action},
            name="answer save",
            catch_response=True,
        ) as answer:
            # A conflict (409) or a value the question refuses (400) is the page's normal
            # answer to a person, not a server failure: counted apart, read the page again.
            if "/accounts/login/" in answer.url:
                answer.failure("signed out: sent to the sign-in page")
                self.area_page = ""
            elif answer.status_code in (400, 409):
                answer.success()
                self.area_page = ""
            elif answer.status_code == 200:
                self.area_page = self._with_new_version(action, answer.json())

    def _with_new_version(self, action: str, body: dict[str, Any]) -> str:
        # The page's script writes the saved version into the form; so does the load.
        version = body.get("version")
        if version is None:
            return ""
        start = self.area_page.find(f'action="{action}"')
        end = self.area_page.find("</form>", start)
        form = re.sub(
            r'name="version" value="\d+"',
            f'name="version" value="{version}"',
            self.area_page[start:end],
        )
        return self.area_page[:start] + form + self.area_page[end:]

    @task(2)
    def practice_search(self) -> None:
        """Look for other cities' practices."""
        words = " ".join(RNG.sample(WORDS, 1))
        self.page(f"{MANIFEST['practice_search']}?q={words}", "practice search (signed in)")

    @task(1)
    def own_profile(self) -> None:
        """Read a city's profile as a signed-in person."""
        self.page(RNG.choice(MANIFEST["profiles"]), "city profile (signed in)")


class Secretariat(SignedIn):
    """The secretariat following the network and the open round."""

    weight = 1
    wait_time = between(4, 16)

    def on_start(self) -> None:
        """Sign in with a password and a two-factor code."""
        if not _free_secretariat:
            _free_secretariat.extend(MANIFEST["secretariat"])
        account = _free_secretariat.pop()
        self.sign_in(account["email"], account["totp_secret"])

    @task(3)
    def dashboard(self) -> None:
        """Open the dashboard."""
        self.page(MANIFEST["dashboard"], "dashboard")

    @task(2)
    def round_page(self) -> None:
        """Open the open round's page."""
        self.page(MANIFEST["round"], "round page")

    @task(1)
    def results(self) -> None:
        """Open a city's results."""
        self.page(RNG.choice(MANIFEST["results"]), "city results (signed in)")
