"""Load Index editions: check an edition file completely and store it as a version."""

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from icc.core.activity import record_activity
from icc.index import methodology, permissions
from icc.index.models import (
    Edition,
)
from icc.index.services.checks import allow, stored_user


@transaction.atomic
def load_edition_file(path: Path | str, *, loaded_by: Any = None) -> Edition:
    """Check an edition file completely and store it, as a new version if its content changed.

    The earlier edition it maps to must already be loaded. Raises
    ``methodology.EditionError`` listing every problem; nothing is stored then.
    """
    path = Path(path)
    return load_edition_text(
        path.read_bytes().decode("utf-8", errors="strict"), name=path.name, loaded_by=loaded_by
    )


@transaction.atomic
def load_edition_text(text: str, *, name: str, loaded_by: Any = None) -> Edition:
    """Check an edition given as JSON text and store it (see ``load_edition_file``)."""
    allow(loaded_by, permissions.can_manage_rounds(loaded_by))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise methodology.EditionError([methodology.FormatError(name, "$", reason)]) from None
    earlier = None
    earlier_code = data.get("earlier_edition") if isinstance(data, dict) else None
    if isinstance(earlier_code, str):
        earlier = Edition.objects.filter(code=earlier_code).order_by("-version").first()
        if earlier is None:
            problem = methodology.FormatError(
                name, "$.earlier_edition", f"edition {earlier_code!r} is not loaded yet"
            )
            raise methodology.EditionError([problem])
    method = methodology.edition_from_data(
        data, file=name, earlier=earlier.method if earlier else None
    )
    checksum = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    latest = Edition.objects.filter(code=method.id).order_by("-version").first()
    if latest is not None and latest.checksum == checksum:
        return latest
    edition = Edition.objects.create(
        code=method.id,
        version=latest.version + 1 if latest else 1,
        title_en=method.title.en,
        title_fr=method.title.fr,
        definition=data,
        checksum=checksum,
        source_name=name,
        earlier=earlier,
        loaded_by=stored_user(loaded_by),
    )
    record_activity(loaded_by, "index.edition.loaded", edition)
    return edition


def ensure_shipped_editions() -> dict[str, Edition]:
    """Load the editions shipped with the platform ("v1", then "2019") and return them by code."""
    return {
        code: load_edition_file(methodology.EDITIONS_DIR / f"{code}.json")
        for code in ("v1", "2019")
    }
