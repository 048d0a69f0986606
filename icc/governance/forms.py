"""Forms of the governance pages; the rules they share with the services live in the services."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.core.uploads import CheckedFileField
from icc.core.versions import VersionField
from icc.governance.models import Amendment, AmendmentResponse, Motion, StrategyDocument

_HEADING = re.compile(r"^##\s+(.+)$", re.M)


def parse_sections(text: str) -> list[tuple[str, str]]:
    """Return ``(heading, text)`` pairs of sections written as "## Heading" then the text."""
    parts = _HEADING.split(text.replace("\r\n", "\n"))
    return [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DocumentForm(forms.ModelForm):
    """A text's record; its sections are written once, in both languages, when it is made."""

    version = VersionField(required=False)
    sections_en = forms.CharField(
        label=_("Sections in English"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Start each section with a line “## Heading”, then its text."),
    )
    sections_fr = forms.CharField(
        label=_("Sections in French"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("The same sections, in the same order."),
    )

    class Meta:
        model = StrategyDocument
        fields = [
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "consultation_opens_on",
            "consultation_closes_on",
        ]
        widgets = {
            "consultation_opens_on": forms.DateInput(attrs={"type": "date"}),
            "consultation_closes_on": forms.DateInput(attrs={"type": "date"}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["sections_en"]
            del self.fields["sections_fr"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "sections_en" in self.fields:
            english = parse_sections(data.get("sections_en", ""))
            french = parse_sections(data.get("sections_fr", ""))
            if not english or len(english) != len(french):
                raise forms.ValidationError(
                    _("Write the same sections, at least one, in English and in French.")
                )
            data["sections"] = [
                {"heading_en": e[0], "text_en": e[1], "heading_fr": f[0], "text_fr": f[1]}
                for e, f in zip(english, french, strict=True)
            ]
        return data

    def record(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AmendmentForm(forms.Form):
    """A city's new wording of a section, in both languages or one to translate."""

    city = CityChoiceField(label=_("In the name of"), queryset=None, empty_label=None)
    text_en = forms.CharField(
        label=_("New wording in English"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    text_fr = forms.CharField(
        label=_("New wording in French"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    needs_translation = forms.BooleanField(
        label=_("I wrote one language only: please translate it"), required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, cities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["city"]
        field.queryset = type(cities[0])._default_manager.filter(pk__in=[c.pk for c in cities])  # type: ignore[attr-defined]
        if len(cities) == 1:
            field.initial = cities[0].pk
            field.widget = forms.HiddenInput()


class ResponseForm(forms.Form):
    """Support for an amendment or a comment on it, in a city's name."""

    city = CityChoiceField(label=_("In the name of"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Your response"), choices=AmendmentResponse.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, cities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["city"]
        field.queryset = type(cities[0])._default_manager.filter(pk__in=[c.pk for c in cities])  # type: ignore[attr-defined]
        if len(cities) == 1:
            field.initial = cities[0].pk
            field.widget = forms.HiddenInput()


class DecisionForm(forms.Form):
    """The secretariat's decision on an amendment."""

    DECISIONS = [
        (Amendment.Status.ACCEPTED, _("Accept")),
        (Amendment.Status.REJECTED, _("Reject")),
        (Amendment.Status.MERGED, _("Merge into another amendment")),
    ]

    version = VersionField()
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required to reject."),
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Amendment.objects.none(), required=False
    )
    text_en = forms.CharField(
        label=_("Translation into English"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    text_fr = forms.CharField(
        label=_("Translation into French"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, amendment: Amendment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = (  # type: ignore[attr-defined]
            Amendment.objects.filter(
                section=amendment.section,
                status__in=[Amendment.Status.PROPOSED, Amendment.Status.ACCEPTED],
            )
            .exclude(pk=amendment.pk)
            .select_related("city", "section")
        )
        if not amendment.needs_translation:
            del self.fields["text_en"]
            del self.fields["text_fr"]
        elif amendment.text_en:
            del self.fields["text_en"]
        else:
            del self.fields["text_fr"]


class EndorsementForm(forms.Form):
    """A city council's adoption of a text."""

    city = CityChoiceField(label=_("City"), queryset=None, empty_label=None)
    council_decided_on = forms.DateField(
        label=_("Date of the council's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision = CheckedFileField(label=_("The council's decision"))

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


class MotionForm(forms.ModelForm):
    """A motion with its options, one per line as “English | Français”."""

    version = VersionField(required=False)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option a line, in English then French: “Approve | Approuver”."),
    )
    has_abstention = forms.BooleanField(
        label=_("Let cities abstain (counts for the quorum only)"), required=False, initial=True
    )

    class Meta:
        model = Motion
        fields = [
            "title_en",
            "title_fr",
            "text_en",
            "text_fr",
            "document",
            "opens_at",
            "closes_at",
            "quorum_percent",
            "majority",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "text_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_options(self) -> list[dict[str, Any]]:
        options = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            english, _bar, french = line.partition("|")
            if not english.strip() or not french.strip():
                raise forms.ValidationError(_("Write each option as “English | Français”."))
            options.append({"label_en": english.strip(), "label_fr": french.strip()})
        return options

    def option_list(self) -> list[dict[str, Any]]:
        options = list(self.cleaned_data["options"])
        if self.cleaned_data.get("has_abstention"):
            options.append({"label_en": "Abstain", "label_fr": "Abstention", "is_abstention": True})
        return options

    def record(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @staticmethod
    def initial_for(motion: Motion) -> dict[str, Any]:
        lines = [
            f"{o.label_en} | {o.label_fr}" for o in motion.options.all() if not o.is_abstention
        ]
        return {
            "options": "\n".join(lines),
            "has_abstention": any(o.is_abstention for o in motion.options.all()),
            "version": motion.version,
        }


class BallotForm(forms.Form):
    """One city's choice among a motion's options."""

    city = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    option = forms.TypedChoiceField(
        label=_("Your city's vote"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, motion: Motion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [  # type: ignore[attr-defined]
            (option.pk, str(option)) for option in motion.options.all()
        ]


class ProxyForm(forms.Form):
    """The member city that votes in another's name."""

    giver = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    holder = CityChoiceField(label=_("Give the proxy to"), queryset=None)

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = cities  # type: ignore[attr-defined]


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=30)
