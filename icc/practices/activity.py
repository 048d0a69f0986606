from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "practice.created": _("wrote the practice"),
    "practice.updated": _("changed the practice"),
    "practice.submitted": _("submitted the practice for review"),
    "practice.published": _("published the practice"),
    "practice.rejected": _("sent the practice back"),
    "practice.unpublished": _("withdrew the practice"),
    "practice.revision_proposed": _("proposed changes to the published practice"),
    "practice.revision_approved": _("published the proposed changes"),
    "practice.revision_rejected": _("sent the proposed changes back"),
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


def _challenge_name(slug: str) -> str:
    from icc.practices.models import Challenge

    challenge = Challenge.objects.filter(slug=slug).first()
    return challenge.name() if challenge else slug


def register_change_labels() -> None:
    """Name the changes of practices and stories for readers, and put them on city timelines."""
    from icc.core.activity import register_change_labels as register
    from icc.core.activity import register_timeline_parent
    from icc.practices.areas import area_name
    from icc.practices.models import Practice, PracticeAttachment, Question, Story

    register(
        Practice,
        fields={"areas": _("Index areas"), "challenges": _("challenges")},
        values={"areas": area_name, "challenges": _challenge_name},
    )
    register(PracticeAttachment, fields={"attachment": _("file")})
    register(Question, fields={"answer": _("answer")})
    register_timeline_parent(Practice, "city")
    register_timeline_parent(Story, "city")
