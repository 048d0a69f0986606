from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.accounts import views

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
    path(_("api-tokens/"), views.api_token_list, name="api-token-list"),
    path(_("api-tokens/<int:pk>/revoke/"), views.api_token_revoke, name="api-token-revoke"),
]
