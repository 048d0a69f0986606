"""Who may download each kind of stored file: the people who may see the page linking it.

``file-download`` is walked with a draft's Index evidence; ``CASES`` walk the same view
with a published practice's attachment, the other private kinds and a suspended city's
files. A suspended city keeps reading its records, so its people still get its files.
"""

from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, everyone

# Who reads Lyon's Index answers: its people, the experts and the secretariat.
ANSWER_READERS = [*CITY_EDITORS, "expert"]


def readers(allowed: list[str]) -> dict[str, int]:
    """Allow ``allowed``, hide the file (404) from other people, send visitors to sign in."""
    return {name: 200 if name in allowed else 404 for name in SIGNED_IN} | {"visitor": LOGIN}


EXPECTED = {
    "file-download": ("get", "file-draft-evidence", readers(ANSWER_READERS)),
    # Probes answer everyone; the metrics are 404 unless the scraper's token is set and sent.
    "ready": ("get", "", everyone(200)),
    "metrics": ("get", "", everyone(404)),
    # Open data is public, like the API.
    "open-data-package": ("get", "", everyone(200)),
    "open-data-package-language": ("get", "open-data-french", everyone(200)),
    "open-data-file": ("get", "open-data-cities", everyone(200)),
    "core:open-data": ("get", "", everyone(200)),
    "core:api-changelog": ("get", "", everyone(200)),
}

CASES = {
    "published practice attachment": (
        "file-download",
        "get",
        "file-published-attachment",
        everyone(200),
    ),
    "published practice thumbnail": (
        "file-download",
        "get",
        "file-published-thumbnail",
        everyone(200),
    ),
    "draft practice attachment": (
        "file-download",
        "get",
        "file-draft-attachment",
        readers(CITY_EDITORS),
    ),
    "membership document": (
        "file-download",
        "get",
        "file-membership-document",
        readers(CITY_EDITORS),
    ),
    "expert visit report": ("file-download", "get", "file-expert-report", readers(CITY_EDITORS)),
    "commitment instrument": ("file-download", "get", "file-instrument", readers(CITY_EDITORS)),
    "suspended city's evidence": (
        "file-download",
        "get",
        "file-suspended-evidence",
        readers(ANSWER_READERS),
    ),
    "suspended city's membership document": (
        "file-download",
        "get",
        "file-suspended-membership-document",
        readers(CITY_EDITORS),
    ),
    "suspended city's published attachment": (
        "file-download",
        "get",
        "file-suspended-attachment",
        everyone(200),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "open-data-french":
        return {"language": "fr"}
    if key == "open-data-cities":
        return {"name": "cities", "extension": "csv"}
    if not key.startswith("file-"):
        return None
    if key.startswith("file-suspended-"):
        # The file is attached while the city is a member, then the city is suspended.
        kwargs = _file_kwargs(SUSPENDED_FILES[key])
        from tests import stored_files

        stored_files.suspend_lyon()
        return kwargs
    return _file_kwargs(key)


SUSPENDED_FILES = {
    "file-suspended-evidence": "file-draft-evidence",
    "file-suspended-membership-document": "file-membership-document",
    "file-suspended-attachment": "file-published-attachment",
}


def _file_kwargs(key: str) -> dict[str, Any]:
    from tests import stored_files as files

    if key == "file-draft-evidence":
        return files.url_kwargs_of(files.draft_evidence())
    if key == "file-published-attachment":
        return files.url_kwargs_of(files.practice_attachment(published=True))
    if key == "file-published-thumbnail":
        return files.url_kwargs_of(files.practice_image(), "thumbnail")
    if key == "file-draft-attachment":
        return files.url_kwargs_of(files.practice_attachment(published=False))
    if key == "file-membership-document":
        return files.url_kwargs_of(files.membership_document(), "document")
    if key == "file-expert-report":
        return files.url_kwargs_of(files.expert_report(), "profile_report")
    if key == "file-instrument":
        return files.url_kwargs_of(files.instrument(), "document")
    raise LookupError(key)
