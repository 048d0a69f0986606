"""The forms of the learning space: texts in each language side by side, then settings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.core.uploads import ALL_TYPES, DOCUMENTS, IMAGES, CheckedFileField
from icc.core.versions import VersionField
from icc.learning.models import LANGUAGES, Course, Lesson, LessonFile, Question, Resource
from icc.learning.services.authoring import MAX_OPTIONS

LANGUAGE_NAMES = {"en": _("English"), "fr": _("French")}
OPTION_ROWS = 6


def _text_field(
    label: Any, language: str, *, long: bool = False, max_length: int = 200
) -> forms.Field:
    return forms.CharField(
        label=_("%(field)s (%(language)s)")
        % {"field": label, "language": LANGUAGE_NAMES[language]},
        required=False,
        max_length=20_000 if long else max_length,
        widget=forms.Textarea(attrs={"rows": 12 if long else 3}) if long else forms.TextInput,
    )


class TextsForm(forms.Form):
    """A form with one field per text and language (``title_en``, ``title_fr``…)."""

    text_fields: tuple[tuple[str, Any, bool], ...] = ()

    def __init__(self, *args: Any, texts: dict[str, Any] | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for language, values in (texts or {}).items():
            for name, value in (values or {}).items():
                initial.setdefault(f"{name}_{language}", value)
        super().__init__(*args, **kwargs)
        for name, label, long in self.text_fields:
            for language in LANGUAGES:
                self.fields[f"{name}_{language}"] = _text_field(label, language, long=long)

    def texts(self) -> dict[str, dict[str, str]]:
        """Return the texts entered, per language."""
        return {
            language: {
                name: self.cleaned_data.get(f"{name}_{language}", "")
                for name, _label, _long in self.text_fields
            }
            for language in LANGUAGES
        }

    def text_groups(self) -> list[tuple[Any, list[Any]]]:
        """Return the bound text fields grouped by language, for one fieldset each."""
        return [
            (
                LANGUAGE_NAMES[language],
                [self[f"{name}_{language}"] for name, _l, _g in self.text_fields],
            )
            for language in LANGUAGES
        ]

    def setting_fields(self) -> list[Any]:
        text_names = {f"{n}_{lang}" for n, _l, _g in self.text_fields for lang in LANGUAGES}
        return [field for field in self.visible_fields() if field.name not in text_names]


class CourseForm(TextsForm):
    text_fields = (("title", _("Title"), False), ("summary", _("Summary"), True))
    slug = forms.SlugField(
        label=_("Address name"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; it appears in the course's address."),
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Course.Visibility.choices)
    is_induction = forms.BooleanField(
        label=_(
            "Induction course: enrol the coordinators and editors of member cities automatically"
        ),
        required=False,
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]


class ModuleForm(TextsForm):
    text_fields = (("title", _("Title"), False),)
    version = VersionField(required=False)


class LessonForm(TextsForm):
    text_fields = (("title", _("Title"), False), ("body", _("Text (Markdown)"), True))
    kind = forms.ChoiceField(label=_("Kind"), choices=Lesson.Kind.choices)
    requires_previous = forms.BooleanField(
        label=_("The learner must finish the previous lesson first"), required=False, initial=True
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark of a knowledge check (%)"), min_value=1, max_value=100, initial=80
    )
    version = VersionField(required=False)


class QuestionForm(TextsForm):
    """A question with up to ``OPTION_ROWS`` options, each right or not, with feedback."""

    text_fields = (("prompt", _("Question"), False),)
    kind = forms.ChoiceField(label=_("Answers"), choices=Question.Kind.choices)
    version = VersionField(required=False)

    def __init__(self, *args: Any, options: list[Any] | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for number, option in enumerate(options or [], start=1):
            initial[f"option{number}_is_correct"] = option.is_correct
            for language, values in option.texts.items():
                for name, value in values.items():
                    initial[f"option{number}_{name}_{language}"] = value
        super().__init__(*args, **kwargs)
        for number in range(1, min(OPTION_ROWS, MAX_OPTIONS) + 1):
            for language in LANGUAGES:
                self.fields[f"option{number}_label_{language}"] = _text_field(_("Option"), language)
                self.fields[f"option{number}_feedback_{language}"] = _text_field(
                    _("Feedback when chosen"), language, max_length=1000
                )
            self.fields[f"option{number}_is_correct"] = forms.BooleanField(
                label=_("This option is right"), required=False
            )

    def options(self) -> list[dict[str, Any]]:
        """Return the options entered, in order."""
        return [
            {
                "is_correct": self.cleaned_data.get(f"option{number}_is_correct", False),
                "texts": {
                    language: {
                        "label": self.cleaned_data.get(f"option{number}_label_{language}", ""),
                        "feedback": self.cleaned_data.get(
                            f"option{number}_feedback_{language}", ""
                        ),
                    }
                    for language in LANGUAGES
                },
            }
            for number in range(1, OPTION_ROWS + 1)
        ]

    def option_groups(self) -> list[tuple[int, list[Any]]]:
        """Return each option's bound fields, for one fieldset each."""
        return [
            (
                number,
                [self[f"option{number}_is_correct"]]
                + [
                    self[f"option{number}_{name}_{language}"]
                    for language in LANGUAGES
                    for name in ("label", "feedback")
                ],
            )
            for number in range(1, OPTION_ROWS + 1)
        ]

    def setting_fields(self) -> list[Any]:
        return [f for f in super().setting_fields() if not f.name.startswith("option")]


class LessonFileForm(TextsForm):
    text_fields = (("title", _("Title"), False), ("alt", _("Description of the image"), False))
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonFile.Kind.choices)
    file = CheckedFileField(label=_("File"), types=(*IMAGES, *DOCUMENTS))


class EnrolForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ResourceForm(TextsForm):
    """A resource's first version, or a new one (``editing``): texts, a note, files."""

    text_fields = (
        ("title", _("Title"), False),
        ("summary", _("Summary"), False),
        ("body", _("Text (Markdown)"), True),
    )
    slug = forms.SlugField(label=_("Address name"), max_length=80)
    category = forms.ChoiceField(label=_("Category"), choices=Resource.Category.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Resource.Audience.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Course.Visibility.choices)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    keep_files = forms.BooleanField(
        label=_("Keep the files of the previous version"), required=False, initial=True
    )
    file_all = CheckedFileField(label=_("File for every language"), types=ALL_TYPES, required=False)
    file_en = CheckedFileField(label=_("File in English"), types=ALL_TYPES, required=False)
    file_fr = CheckedFileField(label=_("File in French"), types=ALL_TYPES, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("slug", "category", "audience", "kind", "visibility"):
                del self.fields[name]
        else:
            del self.fields["note"]
            del self.fields["keep_files"]

    def uploads(self) -> list[tuple[str, Any]]:
        """Return the files given, each with its language ('' for every language)."""
        given = (("", "file_all"), ("en", "file_en"), ("fr", "file_fr"))
        return [
            (lang, self.cleaned_data[name]) for lang, name in given if self.cleaned_data.get(name)
        ]
