from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "practice.created": _("wrote the practice"),
    "practice.updated": _("changed the practice"),
    "practice.submitted": _("submitted the practice for review"),
    "practice.published": _("published the practice"),
    "practice.rejected": _("sent the practice back"),
    "practice.unpublished": _("withdrew the practice"),
    "practice.deleted": _("deleted the practice"),
    "practice.attachment_added": _("added a file"),
    "practice.attachment_removed": _("removed a file"),
    "challenge.saved": _("saved a challenge"),
}
