from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.accounts import views, views_notifications, views_roles

app_name = "accounts"
urlpatterns = [
    path("language/", views.set_language, name="set-language"),
    path(_("invitations/"), views.invitation_list, name="invitation-list"),
    path(_("invitations/new/"), views.invitation_create, name="invitation-create"),
    path(_("invitations/<int:pk>/withdraw/"), views.invitation_revoke, name="invitation-revoke"),
    path(_("invitation/<str:token>/"), views.invitation_accept, name="invitation-accept"),
    path(_("people/"), views.people_list, name="people-list"),
    path(_("people/<int:pk>/export/"), views.person_export, name="person-export"),
    path(_("people/<int:pk>/erase/"), views.person_erase, name="person-erase"),
    path(_("people/roles/<int:pk>/"), views_roles.role_change, name="role-change"),
    path(_("people/roles/<int:pk>/withdraw/"), views_roles.role_withdraw, name="role-withdraw"),
    path(_("notifications/"), views_notifications.notification_list, name="notification-list"),
    path(
        _("notifications/<int:pk>/"),
        views_notifications.notification_open,
        name="notification-open",
    ),
    path(
        _("notifications/<int:pk>/read/"),
        views_notifications.notification_read,
        name="notification-read",
    ),
    path(
        _("notifications/read/"),
        views_notifications.notification_read_all,
        name="notification-read-all",
    ),
    path(_("settings/"), views_notifications.account_settings, name="settings"),
    path(_("api-tokens/"), views.api_token_list, name="api-token-list"),
    path(_("api-tokens/<int:pk>/revoke/"), views.api_token_revoke, name="api-token-revoke"),
]
