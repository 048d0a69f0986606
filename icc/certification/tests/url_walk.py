"""What each persona may open among the certification pages.

The walk's world: "Maison des langues" in Lyon, confirmed, with its representative (not a
persona: the NGO representative, the other reviewer and a conflicted reviewer are walked
in ``test_walk_roles.py``). Lyon's coordinator reads the organisation's files; the
``expert`` persona is a cleared reviewer of the file under review, and only assigned (no
declaration yet) on a second file, which it therefore cannot open. The secretariat sits
on the commission of a third file whose two reviews are in, so it may decide it.
"""

from typing import Any

from tests.url_walk import everyone, only, signed_in

SECRETARIAT = ["secretariat"]
READERS = ["secretariat", "lyon_coordinator"]

EXPECTED = {
    "certification:register": ("get", "", everyone(200)),
    "certification:register-csv": ("get", "", everyone(200)),
    "api-v1:list_certified": ("get", "", everyone(200)),
    "certification:verify": ("get", "", everyone(200)),
    "certification:verify-code": ("get", "cert-certificate", everyone(200)),
    "certification:complaint-create": ("get", "", everyone(200)),
    "certification:complaint-detail": ("get", "cert-complaint", only(SECRETARIAT)),
    "certification:desk": ("get", "", only(SECRETARIAT)),
    "certification:organisation-create": ("get", "", signed_in()),
    "certification:organisation-detail": ("get", "cert-organisation", only(READERS)),
    "certification:organisation-confirm": ("post", "cert-organisation", only(READERS, status=302)),
    "certification:representative-invite": ("get", "cert-organisation", only(READERS)),
    # Only the organisation's representative applies.
    "certification:application-start": ("post", "cert-organisation", only([])),
    "certification:application-detail": ("get", "cert-in-review", only([*READERS, "expert"])),
    "certification:application-eligibility": ("get", "cert-in-review", only([*READERS, "expert"])),
    "certification:application-edit": ("get", "cert-in-review", only([])),
    "certification:evidence-upload": ("post", "cert-in-review", only([])),
    "certification:application-withdraw": ("post", "cert-in-review", only([])),
    "certification:application-assign": ("get", "cert-in-review", only(SECRETARIAT)),
    # Those who may read the file are sent to it (the assignment's notification links here).
    "certification:review-declare": (
        "get",
        "cert-assigned",
        only(["expert"]) | dict.fromkeys(READERS, 302),
    ),
    "certification:review-score": ("get", "cert-in-review", only(["expert"])),
    "certification:visit": ("get", "cert-in-review", only(["secretariat", "expert"])),
    "certification:reconcile": ("get", "cert-ready", only(SECRETARIAT)),
    "certification:decide": ("get", "cert-ready", only(SECRETARIAT)),
    # Only the representative of a deferred file takes it up again.
    "certification:application-reopen": ("post", "cert-decided", only([])),
    "certification:appeal-create": ("get", "cert-decided", only([])),
    "certification:appeal-detail": ("get", "cert-appeal", only(SECRETARIAT)),
    "certification:certificate-manage": ("get", "cert-certificate", only(SECRETARIAT)),
    "certification:certificate-pdf": ("get", "cert-certificate", only(SECRETARIAT)),
}

CASES = {
    # Before the declaration a reviewer cannot open the file by its address.
    "certification-assigned-reviewer-detail": (
        "certification:application-detail",
        "get",
        "cert-assigned",
        only(READERS),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key not in {
        "cert-organisation",
        "cert-in-review",
        "cert-assigned",
        "cert-ready",
        "cert-decided",
        "cert-appeal",
        "cert-certificate",
        "cert-complaint",
    }:
        return None
    objects = _objects(personas)
    if key == "cert-organisation":
        return {"slug": objects["cert-organisation"]}
    if key == "cert-certificate":
        return {"code": objects["cert-certificate"]}
    if key == "cert-complaint":
        return {"reference": objects["cert-complaint"]}
    return {"pk": objects[key]}


def _objects(personas: dict[str, Any]) -> dict[str, Any]:
    from icc.accounts.models import Role
    from icc.certification import services
    from icc.certification.models import Application, Organisation
    from icc.certification.tests import world
    from icc.network.models import City

    lyon = City.objects.get(slug="lyon")
    existing = Organisation.objects.filter(name="Maison des langues").first()
    if existing is None:
        expert = personas["expert"].user
        secretariat = personas["secretariat"].user
        other = world.person("other@experts.test", name="Omar Other", role=Role.EXPERT)
        third = world.person("third@experts.test", name="Tess Third", role=Role.EXPERT)
        org = world.organisation(lyon, name="Maison des langues", rep_email="rep@maison.test")
        in_review = world.reviewed(world.submitted(org), expert, other, submit=False)
        in_review.refresh_from_db()
        # Two more organisations in Lyon for the other stages.
        second = world.organisation(lyon, name="Pont des cultures", rep_email="rep@pont.test")
        assigned = world.submitted(second)
        services.assign_reviewer(assigned, by=None, reviewer=expert)
        third_org = world.organisation(lyon, name="Voisins du monde", rep_email="rep@voisins.test")
        ready = world.reviewed(world.submitted(third_org), other, third)
        services.name_commission_member(ready, by=None, person=secretariat)
        fourth = world.organisation(lyon, name="Table commune", rep_email="rep@table.test")
        decided = world.decided(world.reviewed(world.submitted(fourth), other, third), secretariat)
        appeal = services.file_appeal(
            decided, by=world.rep_of(fourth), grounds="Please look again."
        )
        complaint = services.file_complaint(
            fourth,
            name="A Resident",
            email="resident@test.example",
            text="Closed to me.",
            language="en",
        )
        del appeal, complaint, in_review, assigned, ready
    org = Organisation.objects.get(name="Maison des langues")
    decided_app = Application.objects.get(organisation__name="Table commune")
    return {
        "cert-organisation": org.slug,
        "cert-in-review": org.applications.get().pk,
        "cert-assigned": Application.objects.get(organisation__name="Pont des cultures").pk,
        "cert-ready": Application.objects.get(organisation__name="Voisins du monde").pk,
        "cert-decided": decided_app.pk,
        "cert-appeal": decided_app.decisions.get().appeals.get().pk,
        "cert-certificate": decided_app.certificate.code,
        "cert-complaint": decided_app.organisation.complaints.get().reference,
    }
