"""Site-wide pages in every language: open data and the API's changelog."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.core import views

app_name = "core"

urlpatterns = [
    path(_("open-data/"), views.open_data, name="open-data"),
    path(_("api/changelog/"), views.api_changelog, name="api-changelog"),
]
