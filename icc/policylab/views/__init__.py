"""Pages of the policy lab, one module per concept (public pages, stakeholders, labs,
uptakes, strategies)."""

from django.utils.translation import gettext_lazy

CHANGED_MEANWHILE = gettext_lazy("Someone changed this meanwhile; reload the page to see how.")
