"""Load Index editions: check an edition file completely and store it as a version.

An edition is identified by its code (the file's ``id``) and a version number. Loading
never overwrites: a corrected file of an edition becomes its next version, and rounds
keep the version they were opened with.
"""

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icc.accounts.actors import Actor
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.index import permissions
from icc.index.method import loader, parts
from icc.index.method.reasons import reason
from icc.index.models import Edition
from icc.index.services.guards import allow


class Existing(StrEnum):
    """What loading does with a file whose edition code is already loaded."""

    # The platform's own editions: an identical file returns the stored edition, a
    # changed one becomes the next version.
    REUSE = "reuse"
    # The secretariat's default: any stored edition with the code refuses the file.
    REFUSE = "refuse"
    # The secretariat's correction: a changed file becomes the next version; an
    # identical one is refused, since nothing would change.
    NEW_VERSION = "new_version"


@dataclass(frozen=True)
class EditionCheck:
    """A checked edition file and what loading it would do."""

    method: parts.Method
    data: Any
    checksum: str
    earlier: Edition | None
    latest: Edition | None

    @property
    def is_loaded(self) -> bool:
        """Tell whether the latest stored version of the edition has this very content."""
        return self.latest is not None and self.latest.checksum == self.checksum

    @property
    def version(self) -> int:
        """Return the version number that loading the file would give it."""
        return self.latest.version + 1 if self.latest is not None else 1


def _check(text: str, name: str, existing: Existing) -> EditionCheck:
    data = loader.read_edition_text(text, name=name)
    earlier = None
    problems: list[loader.FormatError] = []
    earlier_code = data.get("earlier_edition") if isinstance(data, dict) else None
    if isinstance(earlier_code, str):
        earlier = Edition.objects.filter(code=earlier_code).order_by("-version").first()
        if earlier is None:
            problems.append(
                loader.FormatError(
                    name,
                    "$.earlier_edition",
                    reason(
                        gettext_lazy("edition %(code)s is not loaded yet"), code=repr(earlier_code)
                    ),
                )
            )
    try:
        method = loader.edition_from_data(
            data, file=name, earlier=earlier.method if earlier else None
        )
    except loader.EditionError as error:
        raise loader.EditionError(problems + error.errors) from None
    if problems:
        raise loader.EditionError(problems)
    checksum = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    latest = Edition.objects.filter(code=method.id).order_by("-version").first()
    checked = EditionCheck(method, data, checksum, earlier, latest)
    if latest is not None and existing == Existing.REFUSE:
        raise ValidationError(
            _(
                "Edition %(code)s is already loaded (version %(version)s) and editions are "
                "never overwritten. Give the file a new edition id, or, if it corrects "
                "edition %(code)s, load it as a new version."
            )
            % {"code": latest.code, "version": latest.version},
            code="edition_exists",
        )
    if checked.is_loaded and existing == Existing.NEW_VERSION:
        assert latest is not None
        raise ValidationError(
            _(
                "This file is already loaded as edition %(code)s, version %(version)s: "
                "nothing would change."
            )
            % {"code": latest.code, "version": latest.version},
            code="edition_unchanged",
        )
    return checked


def check_edition_text(
    text: str, *, name: str, checked_by: Actor | None = None, existing: Existing = Existing.REFUSE
) -> EditionCheck:
    """Check an edition file's text (JSON, or YAML by its name) as loading would; store nothing.

    Raises ``loader.EditionError`` listing every problem in the file, and
    ``ValidationError`` when ``existing`` refuses the edition's code.
    """
    allow(checked_by, permissions.can_manage_editions(checked_by))
    return _check(text, name, existing)


@transaction.atomic
def load_edition_file(path: Path | str, *, loaded_by: Actor | None = None) -> Edition:
    """Check an edition file completely and store it, as a new version if its content changed.

    The earlier edition it maps to must already be loaded. Raises
    ``loader.EditionError`` listing every problem; nothing is stored then.
    """
    path = Path(path)
    return load_edition_text(
        path.read_bytes().decode("utf-8", errors="strict"), name=path.name, loaded_by=loaded_by
    )


@transaction.atomic
def load_edition_text(
    text: str, *, name: str, loaded_by: Actor | None = None, existing: Existing = Existing.REUSE
) -> Edition:
    """Check an edition file's text (JSON, or YAML by its name) and store it as a version.

    ``existing`` says what to do when the edition's code is already loaded (see
    ``Existing``). Raises ``loader.EditionError`` listing every problem in the
    file, and ``ValidationError`` when ``existing`` refuses it; nothing is stored then.
    Records the load in the activity log.
    """
    allow(loaded_by, permissions.can_manage_editions(loaded_by))
    checked = _check(text, name, existing)
    if checked.is_loaded:
        assert checked.latest is not None
        return checked.latest
    method = checked.method
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                code=method.id,
                version=checked.version,
                title_en=method.title.en,
                title_fr=method.title.fr,
                definition=checked.data,
                checksum=checked.checksum,
                source_name=Path(name).name,
                earlier=checked.earlier,
                loaded_by=author(loaded_by),
            )
    except IntegrityError:
        # Another load of the same edition and version committed between the check and here.
        raise ValidationError(
            _(
                "Edition %(code)s, version %(version)s, was loaded by someone else a moment "
                "ago. Look at the list of editions, then load the file again if it is still "
                "needed."
            )
            % {"code": method.id, "version": checked.version},
            code="edition_loaded_meanwhile",
        ) from None
    record_activity(
        loaded_by,
        "index.edition.loaded",
        edition,
        changes={"version": (None, edition.version)},
    )
    return edition


def ensure_shipped_editions() -> dict[str, Edition]:
    """Load the editions shipped with the platform ("v1", then "2019") and return them by code."""
    return {
        code: load_edition_file(loader.EDITIONS_DIR / f"{code}.json") for code in ("v1", "2019")
    }
