"""Forms of the practices app; the API validates with the same forms."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from icc.core import uploads
from icc.core.versions import VersionField
from icc.network.models import City, NationalNetwork
from icc.practices.areas import area_choices
from icc.practices.models import Challenge, Practice, PracticeTranslation, TargetGroup
from icc.practices.search import FACETS, Filters

# Documents and pictures of a practice; the content is checked, not only the name.
ATTACHMENT_TYPES = (uploads.PDF, uploads.DOCX, uploads.ODT, *uploads.IMAGES)
MAX_UPLOAD_BYTES = uploads.MAX_UPLOAD_BYTES


def parse_contacts(text: str) -> list[dict[str, str]]:
    """Read one contact a line: "name; role; e-mail" (role and e-mail optional)."""
    contacts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")] + ["", ""]
        name, role, email = parts[0], parts[1], parts[2]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("Line %(number)s: %(email)s is not an e-mail address."),
                    params={"number": number, "email": email},
                ) from None
        contacts.append({"name": name, "role": role, "email": email})
    return contacts


def parse_links(text: str) -> list[dict[str, str]]:
    """Read one link a line: "address title" (the title optional)."""
    links = []
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        url, _space, title = line.strip().partition(" ")
        try:
            check(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s: %(url)s is not a web address (http or https)."),
                params={"number": number, "url": url},
            ) from None
        links.append({"url": url, "title": title.strip() or url})
    return links


class PracticeForm(forms.Form):
    """The record of a practice, apart from its texts."""

    level = forms.ChoiceField(label=_("Level"), choices=Practice.Level.choices)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    national_network = forms.ModelChoiceField(
        label=_("National network"), queryset=NationalNetwork.objects.all(), required=False
    )
    owner_name = forms.CharField(
        label=_("Region or national body"),
        required=False,
        max_length=150,
        help_text=_("For a regional practice or one of a national body."),
    )
    original_language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    areas = forms.MultipleChoiceField(
        label=_("Index areas it serves"), required=False, widget=forms.CheckboxSelectMultiple
    )
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=Challenge.objects.filter(is_active=True),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    started_year = forms.IntegerField(label=_("Started in"), min_value=1950, max_value=2100)
    ended_year = forms.IntegerField(
        label=_("Ended in"),
        min_value=1950,
        max_value=2100,
        required=False,
        help_text=_("Leave empty while it runs."),
    )
    contacts = forms.CharField(
        label=_("Contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name; role; e-mail."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the address, a space, then its title."),
    )

    version = VersionField(required=False)

    def __init__(self, *args: Any, cities: Any = None, networks: Any = None, **kwargs: Any) -> None:
        """Offer only the owners the person writes for: ``cities`` and ``networks``."""
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["areas"]).choices = area_choices()
        cast(forms.ModelChoiceField, self.fields["city"]).queryset = (
            cities if cities is not None else City.objects.all()
        )
        cast(forms.ModelChoiceField, self.fields["national_network"]).queryset = (
            networks if networks is not None else NationalNetwork.objects.all()
        )

    def clean_contacts(self) -> list[dict[str, str]]:
        return parse_contacts(self.cleaned_data["contacts"])

    def clean_links(self) -> list[dict[str, str]]:
        return parse_links(self.cleaned_data["links"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("level") == Practice.Level.LOCAL and not data.get("city"):
            self.add_error("city", _("A local practice belongs to a city."))
        started, ended = data.get("started_year"), data.get("ended_year")
        if started and ended and ended < started:
            self.add_error("ended_year", _("It cannot end before it starts."))
        return data

    def record(self) -> dict[str, Any]:
        """Return the fields of the practice record, for the services."""
        data = self.cleaned_data
        country = ""
        if data.get("city"):
            country = data["city"].country.code
        elif data.get("national_network"):
            country = data["national_network"].country.code
        return {
            "level": data["level"],
            "city": data.get("city"),
            "national_network": data.get("national_network"),
            "owner_name": data.get("owner_name", ""),
            "country": country,
            "original_language": data["original_language"],
            "target_groups": sorted(data.get("target_groups") or []),
            "started_year": data["started_year"],
            "ended_year": data.get("ended_year"),
            "contacts": data["contacts"],
            "links": data["links"],
        }

    @staticmethod
    def initial_for(content: dict[str, Any], *, version: int) -> dict[str, Any]:
        """Return the form's initial data from content as ``practice_content`` gives it."""
        record = content["record"]
        return {
            "version": version,
            "level": record["level"],
            "city": record["city"],
            "national_network": record["national_network"],
            "owner_name": record["owner_name"],
            "original_language": record["original_language"],
            "areas": content["areas"],
            "challenges": list(Challenge.objects.filter(slug__in=content["challenges"])),
            "target_groups": record["target_groups"],
            "started_year": record["started_year"],
            "ended_year": record["ended_year"],
            "contacts": "\n".join(
                "; ".join([c["name"], c["role"], c["email"]]) for c in record["contacts"]
            ),
            "links": "\n".join(f"{link['url']} {link['title']}" for link in record["links"]),
        }


class PracticeTextForm(forms.ModelForm):
    """The texts of a practice in one language; leave the title empty to skip the language."""

    class Meta:
        model = PracticeTranslation
        fields = list(PracticeTranslation.TEXT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in PracticeTranslation.TEXT_FIELDS
            if name != "title"
        }
        help_texts = {"summary": _("Markdown: **bold**, *italics*, lists, [links](https://…).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = any(data.get(name) for name in PracticeTranslation.TEXT_FIELDS)
        if filled and not data.get("title"):
            self.add_error("title", _("Give this language a title, or empty its fields."))
        if data.get("title") and not data.get("summary"):
            self.add_error("summary", _("Write a short summary."))
        return data

    def _post_clean(self) -> None:
        # The language and practice are set by the service, not validated here.
        pass

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in PracticeTranslation.TEXT_FIELDS}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = uploads.CheckedFileField(label=_("File"), types=ATTACHMENT_TYPES)

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        self.content_type = upload.checked_type.content_type
        return upload


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it sent back?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RevisionDecisionForm(forms.Form):
    """A moderator's decision on the pending changes of a published practice."""

    APPROVE, REJECT = "approve", "reject"

    version = VersionField()
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Publish the changes")), (REJECT, _("Send the changes back"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Why are they sent back?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the changes are sent back."))
        return data


class ChallengeForm(forms.Form):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=60)
    name_en = forms.CharField(label=_("Name in English"), max_length=120)
    name_fr = forms.CharField(label=_("Name in French"), max_length=120)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class SearchForm(forms.Form):
    """The query and the facets chosen; anything unexpected is ignored, never an error."""

    q = forms.CharField(label=_("Search the practices"), required=False, strip=True)

    def filters(self, data: Any) -> Filters:
        """Return the facet choices of ``data`` (a QueryDict), keeping only well-formed values."""
        values: dict[str, tuple] = {}
        for name in FACETS:
            chosen = [value[:40] for value in data.getlist(name)][:20]
            if name == "year":
                values[name] = tuple(int(value) for value in chosen if value.isdigit())
            else:
                values[name] = tuple(chosen)
        return Filters(**values)

    def query(self) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data["q"]


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Your question"), max_length=200)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"), required=False, queryset=Challenge.objects.filter(is_active=True)
    )
    area = forms.ChoiceField(label=_("Index area"), required=False)
    city = forms.ModelChoiceField(
        label=_("Asked for"), queryset=City.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, cities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "—"), *area_choices()]
        if cities is not None:
            cast(forms.ModelChoiceField, self.fields["city"]).queryset = cities

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("challenge") and not data.get("area"):
            raise ValidationError(_("Tag the question with a challenge or an Index area."))
        return data


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Markdown.")
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)


class StoryForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    original_language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=200)
    body_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown."),
    )
    title_fr = forms.CharField(label=_("Title in French"), required=False, max_length=200)
    body_fr = forms.CharField(
        label=_("Text in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown."),
    )
    is_published = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(
        self, *args: Any, cities: Any = None, needs_city: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs_city = needs_city
        if cities is not None:
            cast(forms.ModelChoiceField, self.fields["city"]).queryset = cities
        if not needs_city:
            del self.fields["city"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.needs_city and not data.get("city"):
            self.add_error("city", _("Choose the city whose story it is."))
        if not (data.get("title_en") or data.get("title_fr")):
            raise ValidationError(_("Write the story in at least one language."))
        return data

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            language: {
                "title": self.cleaned_data.get(f"title_{language}") or "",
                "body": self.cleaned_data.get(f"body_{language}") or "",
            }
            for language in ("en", "fr")
        }
