"""Open data: every public dataset as CSV and JSON, described by a Frictionless Data Package.

Apps describe their public datasets in an ``opendata.py`` module with a function
``datasets()`` returning ``Dataset`` objects (core finds them, as the admin finds
``admin.py``; core imports no app). An app whose datasets cost something to describe
(the Index's fields come from its published results) also gives ``dataset_names()``,
cheap, and ``dataset(name)``, which builds that one: a download then describes only
the dataset asked for. A dataset names its fields with Table Schema types
and titles and descriptions in every language of the platform, and gives its rows as
dictionaries of plain values. The descriptor exists once per language
(``datapackage.json`` in English, ``datapackage.fr.json`` in French), beside the data
files, so every resource path is a plain relative name.
"""

import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from icc.core.exports import CsvDictWriter

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# Table Schema types the datasets may use.
TYPES = {"string", "integer", "number", "boolean", "date", "datetime", "year", "array"}


@dataclass(frozen=True)
class Field:
    """One column: its name, Table Schema type, and words in the reader's language."""

    name: str
    type: str
    title: str | Promise
    description: str | Promise = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: {self.type} is not a Table Schema type we use")


@dataclass(frozen=True)
class Dataset:
    """A public dataset: a name for its files, words for people, fields, and its rows."""

    name: str
    title: str | Promise
    description: str | Promise
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[Mapping[str, Any]]]
    # The page-cache scopes of the content it shows, so a write refreshes it.
    scopes: tuple[str, ...] = field(default=())


def _app_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{config.name}.opendata"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.opendata":
                raise
    return modules


def all_datasets() -> list[Dataset]:
    """Return every public dataset of every app, by name."""
    # Core's own module (this one) describes no dataset.
    providers = [m.datasets for m in _app_modules() if hasattr(m, "datasets")]
    found = [dataset for provide in providers for dataset in provide()]
    return sorted(found, key=lambda dataset: dataset.name)


def get_dataset(name: str) -> Dataset | None:
    """Return the dataset called ``name``, or None.

    An app that names its datasets (``dataset_names()``) builds only the one asked for;
    the others' ``datasets()`` only describe theirs (their rows are read on demand).
    """
    for module in _app_modules():
        if hasattr(module, "dataset_names"):
            if name in module.dataset_names():
                found: Dataset | None = module.dataset(name)
                return found
        elif hasattr(module, "datasets"):
            for dataset in module.datasets():
                if dataset.name == name:
                    return dataset
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return value


def rows_of(dataset: Dataset) -> list[dict[str, Any]]:
    """Return the rows of ``dataset`` with only its fields, as JSON-ready values."""
    names = [f.name for f in dataset.fields]
    return [{name: _plain(row.get(name)) for name in names} for row in dataset.rows()]


def as_csv(dataset: Dataset) -> str:
    """Return ``dataset`` as CSV (lists joined by ``;``), with formula-like text neutralised."""
    stream = io.StringIO()
    writer = CsvDictWriter(stream, fieldnames=[f.name for f in dataset.fields], lineterminator="\n")
    writer.writeheader()
    for row in rows_of(dataset):
        writer.writerow(
            {
                key: ";".join(map(str, value)) if isinstance(value, list) else value
                for key, value in row.items()
            }
        )
    return stream.getvalue()


def as_json(dataset: Dataset) -> str:
    """Return ``dataset`` as a JSON array of objects."""
    return json.dumps(rows_of(dataset), ensure_ascii=False, indent=1)


def descriptor(language: str, *, site_url: str) -> dict[str, Any]:
    """Return the Data Package descriptor, with titles and descriptions in ``language``."""
    with translation.override(language):
        resources = []
        for dataset in all_datasets():
            schema_fields = []
            for column in dataset.fields:
                spec: dict[str, Any] = {
                    "name": column.name,
                    "type": "string" if column.type == "array" else column.type,
                    "title": str(column.title),
                }
                if column.description:
                    spec["description"] = str(column.description)
                schema_fields.append(spec)
            resources.append(
                {
                    "name": dataset.name,
                    "path": f"{dataset.name}.csv",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "schema": {"fields": schema_fields},
                }
            )
        return {
            "name": "intercultural-cities",
            "title": str(_("Intercultural Cities: open data")),
            "description": str(
                _(
                    "The public records of the Council of Europe's Intercultural Cities "
                    "network: member cities, national networks, published Index results, "
                    "good practices and events."
                )
            ),
            "homepage": site_url,
            "language": language,
            "languages": [code for code, _name in settings.LANGUAGES],
            "licenses": [LICENCE],
            "resources": resources,
        }
