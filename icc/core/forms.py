"""The one flow of a page that saves a form through a service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` beside the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_or_show(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    success_url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Validate ``form`` and call ``save`` with its data, or show the form with its errors.

    A refusal by the service (``ValidationError``) is shown on the form and nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return render(request, template, {"form": form, **context})
