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
    "challenge.followed": _("followed a challenge"),
    "challenge.unfollowed": _("stopped following a challenge"),
    "question.asked": _("asked the network a question"),
    "question.answered": _("answered a question"),
    "question.answer_marked": _("marked an answer as helpful"),
    "story.created": _("wrote a story"),
    "story.updated": _("changed a story"),
}
