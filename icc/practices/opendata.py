"""The practices' public dataset: every published good practice."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from icc.core.opendata import Dataset, Field
from icc.core.site import absolute_url
from icc.practices.models import Practice

FIELDS = (
    Field("slug", "string", _("Identifier")),
    Field("title_en", "string", _("Title in English"), _("Empty when not written in English")),
    Field("title_fr", "string", _("Title in French"), _("Empty when not written in French")),
    Field("summary_en", "string", _("Summary in English")),
    Field("summary_fr", "string", _("Summary in French")),
    Field("original_language", "string", _("Language it was written in")),
    Field("level", "string", _("Level"), _("local, regional or national")),
    Field("owner", "string", _("Who carries it")),
    Field("city", "string", _("City"), _("The city's identifier, if a city carries it")),
    Field("country", "string", _("Country"), _("ISO 3166-1 alpha-2 code")),
    Field("index_areas", "array", _("Index areas"), _("Area codes, separated by ;")),
    Field("challenges", "array", _("Challenges"), _("Identifiers, separated by ;")),
    Field("started_year", "year", _("Year started")),
    Field("ended_year", "year", _("Year ended")),
    Field("published_at", "datetime", _("Published at")),
    Field("url", "string", _("Address"), _("The practice's page on the platform")),
)


def _rows() -> list[dict[str, Any]]:
    rows = []
    practices = Practice.objects.published().with_texts().order_by("slug")
    for practice in practices:
        texts = {text.language: text for text in practice.translations.all()}
        english, french = texts.get("en"), texts.get("fr")
        rows.append(
            {
                "slug": practice.slug,
                "title_en": english.title if english else "",
                "title_fr": french.title if french else "",
                "summary_en": english.summary if english else "",
                "summary_fr": french.summary if french else "",
                "original_language": practice.original_language,
                "level": practice.level,
                "owner": practice.owner_label,
                "city": practice.city.slug if practice.city else None,
                "country": str(practice.country),
                "index_areas": practice.area_codes,
                "challenges": sorted(c.slug for c in practice.challenges.all()),
                "started_year": practice.started_year,
                "ended_year": practice.ended_year,
                "published_at": practice.published_at,
                "url": absolute_url(practice.get_absolute_url()),
            }
        )
    return rows


def datasets() -> list[Dataset]:
    """Return the practices' public dataset."""
    return [
        Dataset(
            name="practices",
            title=_("Good practices"),
            description=_("Every published good practice, in the languages it is written in."),
            fields=FIELDS,
            rows=_rows,
            scopes=("practices",),
        )
    ]
