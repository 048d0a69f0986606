"""Pages of a person's own notifications and account settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from icc.accounts import notifications, permissions, services
from icc.accounts.forms import NotificationSettingsForm
from icc.accounts.models import Notification
from icc.accounts.requests import SignedInRequest

PAGE_SIZE = 20


@login_required
def notification_list(request: SignedInRequest) -> HttpResponse:
    """List the person's notifications, newest first, written in the reader's language."""
    rows = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    language = translation.get_language()
    items = [
        {
            "notification": notification,
            "message": notifications.render_message(notification, language),
        }
        for notification in page
    ]
    context = {
        "page": page,
        "items": items,
        "unread": notifications.unread_count(request.user),
    }
    return render(request, "accounts/notification_list.html", context)


@login_required
def notification_open(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark one of the person's notifications read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(notification)
    if not notification.link:
        return redirect("accounts:notification-list")
    return redirect(notifications.link_in(notification.link, translation.get_language()))


@login_required
@require_POST
def notification_read(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark one of the person's notifications read, staying on the list."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(notification)
    return redirect("accounts:notification-list")


@login_required
@require_POST
def notification_read_all(request: SignedInRequest) -> HttpResponse:
    """Mark every notification of the person read."""
    count = notifications.mark_all_read(request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:notification-list")


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: SignedInRequest) -> HttpResponse:
    """Show the person's roles and let them choose how notifications are mailed."""
    form = NotificationSettingsForm(
        request.POST or None,
        initial={"notification_frequency": request.user.notification_frequency},
    )
    if request.method == "POST" and form.is_valid():
        services.set_notification_frequency(
            request.user, form.cleaned_data["notification_frequency"]
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    context = {"form": form, "grants": permissions.active_grants(request.user)}
    return render(request, "accounts/account_settings.html", context)
