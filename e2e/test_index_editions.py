"""The secretariat loads an edition of the Index questionnaire in the browser.

A broken file loads nothing: the page opens on a focused summary of the problems that
links to the full list, each problem with its place in the file. The corrected file
loads and appears in the list of editions.
"""

import json
import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import in_language, url, user_of
from e2e.test_index_answering import sign_in_by_session
from icc.index.services.editions import ensure_shipped_editions
from icc.index.tests.documents import area, choice, edition, yes_no


def en(text: str) -> str:
    return in_language("en", text)


def pilot(**changes: object) -> dict[str, object]:
    return edition(
        area("welcome", yes_no("welcome.office"), choice("welcome.plan", 0, 1, 2)),
        id="pilot",
        **changes,
    )


def choose_and_load(page: Page, name: str, data: dict[str, object]) -> None:
    page.get_by_label(en("Edition file")).set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": json.dumps(data).encode()}
    )
    page.get_by_role("button", name=en("Load the edition")).click()


def test_secretariat_sees_every_problem_then_loads_the_corrected_file(
    page: Page, live_server: LiveServer, secretariat: Persona
) -> None:
    ensure_shipped_editions()
    sign_in_by_session(page, user_of(secretariat), live_server.url)
    page.goto(url("en", "index:home"))
    page.get_by_role("link", name=en("Load an edition of the questionnaire")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(en("Index editions"))

    broken = pilot(colour="blue")
    broken["overall"] = {"parts": [{"part": "welcome"}, {"part": "nowhere"}]}
    choose_and_load(page, "broken.json", broken)

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    heading = en("There is a problem: nothing was loaded")
    expect(summary.get_by_role("heading")).to_have_text(heading)
    summary.get_by_role("link", name=re.compile("broken.json")).click()
    problems = page.get_by_role("region", name=en("Problems in the file"))
    expect(problems.get_by_role("row")).to_have_count(3)  # the header and two problems
    expect(problems).to_contain_text("$.overall.parts[1].part")
    expect(problems).to_contain_text("$.colour")

    choose_and_load(page, "pilot.json", pilot())

    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Edition pilot, version 1, is loaded"))).to_be_visible()
    loaded = page.get_by_role("region", name=en("Loaded editions"))
    expect(loaded.get_by_role("rowheader", name=re.compile("^pilot"))).to_be_visible()
