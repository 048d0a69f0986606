"""Punctuation that changes with the language: the colon after a label."""

from django.template import Context, Template
from django.utils import translation


def test_colon_takes_a_no_break_space_in_french_only() -> None:
    template = Template('{% load i18n %}{% translate "Country" as label %}{{ label|colon }}')
    with translation.override("fr"):
        assert template.render(Context()) == "Pays\u00a0:"
    with translation.override("en"):
        assert template.render(Context()) == "Country:"


def test_colon_escapes_what_it_is_given() -> None:
    with translation.override("en"):
        rendered = Template("{{ name|colon }}").render(Context({"name": "<b>Oslo</b>"}))
    assert rendered == "&lt;b&gt;Oslo&lt;/b&gt;:"
