"""A city's communication kit: its published facts, suggested key messages, factsheet and card.

Only published facts enter: the latest published Index result (with its edition and the
year it was published), the published practices and stories. Every figure carries its
edition and year wherever it is printed.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icc.core.pdf import html_to_pdf
from icc.core.site import absolute_url
from icc.index.results.selectors import latest_published_results
from icc.learning.models import CityKit
from icc.network.models import City
from icc.practices.selectors import published_practices_of_city, published_story_titles_of_city

CARD_SIZE = (1200, 630)
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
MAX_MESSAGES = 4
MESSAGE_CHARS = 200


@dataclass
class Facts:
    """What a city may say about itself, from its published records only."""

    city_name: str
    score: Decimal | None = None
    edition: str = ""
    year: int | None = None
    rank: int | None = None
    sample: int | None = None
    best_areas: list[tuple[str, Decimal]] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        """Return the edition and year every figure is printed with."""
        if self.score is None:
            return ""
        return _("ICC Index, edition %(edition)s, published %(year)s") % {
            "edition": self.edition,
            "year": self.year or "",
        }


def facts(city: City, language: str) -> Facts:
    """Return the city's published facts, with names and titles in ``language``."""
    with translation.override(language):
        found = Facts(city.name_in(language))
        result = latest_published_results([city.pk]).get(city.pk)
        if result is not None:
            found.score = result.overall
            found.edition = result.edition_code
            found.year = result.published_on.year if result.published_on else None
            found.rank, found.sample = result.rank, result.sample_size
            best = sorted(result.areas.items(), key=lambda item: item[1], reverse=True)[:3]
            found.best_areas = [
                ((result.area_names.get(code) or {}).get(language) or code, score)
                for code, score in best
            ]
        found.practices = [practice.title for practice in published_practices_of_city(city.pk)]
        found.stories = published_story_titles_of_city(city.pk)
    return found


def suggested_messages(found: Facts, language: str) -> list[str]:
    """Return key messages drawn from the facts, in ``language``, each figure with its source."""
    with translation.override(language):
        messages = [
            _("%(city)s is an intercultural city: diversity is an advantage we build on together.")
            % {"city": found.city_name}
        ]
        if found.score is not None:
            messages.append(
                _("%(city)s scores %(score)s out of 100 in the %(source)s.")
                % {"city": found.city_name, "score": round(found.score), "source": found.source}
            )
        if found.best_areas:
            area, score = found.best_areas[0]
            messages.append(
                _("Our strongest area is %(area)s: %(score)s out of 100 (%(source)s).")
                % {"area": area, "score": round(score), "source": found.source}
            )
        if found.practices:
            messages.append(
                ngettext(
                    "We share %(count)s good practice with the cities of the network.",
                    "We share %(count)s good practices with the cities of the network.",
                    len(found.practices),
                )
                % {"count": len(found.practices)}
            )
    return messages[:MAX_MESSAGES]


def messages_for(city: City, language: str, found: Facts) -> list[str]:
    """Return the messages the city's people saved in ``language``, else the suggested ones."""
    kit = CityKit.objects.filter(city=city).first()
    saved = (kit.messages.get(language) if kit else None) or []
    return saved or suggested_messages(found, language)


def alt_text(found: Facts, messages: list[str], language: str) -> str:
    """Return the share card's text alternative: everything the image says, in words."""
    with translation.override(language):
        parts = [_("Share card of %(city)s, Intercultural Cities.") % {"city": found.city_name}]
        if found.score is not None:
            parts.append(
                _("ICC Index score: %(score)s out of 100 (%(source)s).")
                % {"score": round(found.score), "source": found.source}
            )
        parts.extend(messages[:2])
    return " ".join(parts)


@cache
def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(FONT_DIR + name, size)


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def render_card(found: Facts, messages: list[str], language: str) -> bytes:
    """Return the share card as a 1200×630 PNG: the city, its score with source, two messages."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", CARD_SIZE, (0, 58, 112))
    draw = ImageDraw.Draw(image)
    white, pale = (255, 255, 255), (214, 228, 240)
    with translation.override(language):
        draw.text((60, 48), _("Intercultural Cities"), font=_font("DejaVuSans.ttf", 30), fill=pale)
        draw.text((60, 96), found.city_name, font=_font("DejaVuSans-Bold.ttf", 72), fill=white)
        y = 200
        if found.score is not None:
            draw.text(
                (60, y),
                _("%(score)s / 100 in the ICC Index") % {"score": round(found.score)},
                font=_font("DejaVuSans-Bold.ttf", 44),
                fill=white,
            )
            y += 60
            draw.text((60, y), found.source, font=_font("DejaVuSans.ttf", 26), fill=pale)
            y += 60
        body = _font("DejaVuSans.ttf", 30)
        for message in messages[:2]:
            for line in _wrap(draw, message, body, 1080)[:3]:
                draw.text((60, y), line, font=body, fill=white)
                y += 40
            y += 16
            if y > 560:
                break
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()


def render_factsheet(city: City, found: Facts, messages: list[str], language: str) -> bytes:
    """Return the one-page factsheet PDF in ``language``."""
    with translation.override(language):
        html = render_to_string(
            "learning/factsheet_pdf.html",
            {
                "facts": found,
                "messages": messages,
                "LANGUAGE_CODE": language,
                "profile_url": absolute_url(city.get_absolute_url()),
            },
        )
    return html_to_pdf(html, base_url=absolute_url("/"))
