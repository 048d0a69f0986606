"""A city's communication kit: facts, editable key messages, the factsheet and the share card."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.core.versions import VersionConflict
from icc.learning import kit, permissions
from icc.learning.models import LANGUAGES, CityKit
from icc.learning.services.kit import save_kit_messages


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in LANGUAGES else (get_language() or "en")[:2]


def city_kit(request: HttpRequest, city: str) -> HttpResponse:
    """Show the city's published facts and key messages per language, with the downloads."""
    place = permissions.get_city_for_kit(request.user, city)
    may_edit = permissions.can_edit_city_kit(request.user, place)
    saved = CityKit.objects.filter(city=place).first()
    errors: list[str] = []
    if request.method == "POST" and may_edit:
        posted = {
            lang: request.POST.getlist(f"message_{lang}")[: kit.MAX_MESSAGES] for lang in LANGUAGES
        }
        version = request.POST.get("version", "")
        try:
            save_kit_messages(
                place,
                changed_by=request.user,
                messages=posted,
                expected_version=int(version) if version.isdigit() else None,
            )
        except VersionConflict:
            errors.append(
                _(
                    "Someone saved the messages meanwhile. Reload the page and make your "
                    "change again."
                )
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            flash.success(request, _("The key messages are saved."))
            return redirect("learning:city-kit", city=place.slug)
    sections = []
    for language in LANGUAGES:
        found = kit.facts(place, language)
        lines = kit.messages_for(place, language, found)
        sections.append(
            {
                "language": language,
                "facts": found,
                "messages": lines + [""] * (kit.MAX_MESSAGES - len(lines)),
                "alt": kit.alt_text(found, lines, language),
            }
        )
    return render(
        request,
        "learning/city_kit.html",
        {
            "city": place,
            "sections": sections,
            "may_edit": may_edit,
            "version": saved.version if saved else 1,
            "errors": errors,
            "max_chars": kit.MESSAGE_CHARS,
        },
    )


def city_factsheet(request: HttpRequest, city: str) -> HttpResponse:
    """Send the city's one-page factsheet PDF in the language asked (?lang=en|fr)."""
    place = permissions.get_city_for_kit(request.user, city)
    language = _language(request)
    found = kit.facts(place, language)
    pdf = kit.render_factsheet(place, found, kit.messages_for(place, language, found), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{place.slug}-factsheet-{language}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def city_card(request: HttpRequest, city: str) -> HttpResponse:
    """Send the city's share card (PNG, 1200×630) in the language asked (?lang=en|fr)."""
    place = permissions.get_city_for_kit(request.user, city)
    language = _language(request)
    found = kit.facts(place, language)
    png = kit.render_card(found, kit.messages_for(place, language, found), language)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-card-{language}.png"'
    response["Cache-Control"] = "private, no-store"
    return response
