"""Access-matrix rows of awards part 2 (council meetings, ballots, decisions, forwarding)."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from awards.models import Attachment, CentralItem, CentralSubmission, CouncilMember, Decision, Nomination
from awards.services import (
    AGREE,
    agenda_add,
    ballot_cast,
    decision_create_draft,
    decision_sign,
    decision_update,
    meeting_close,
    meeting_open_ballot,
)
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory, award
from thiduakt.testing import row


def council_world(world):
    """A council on which ``hoidong`` sits, with a draft, a voting and a closed meeting, a draft and a
    signed decision (with its stored PDF), and a forwarded nominee. Objects belong to Châu Thành."""
    staff = world.user("staff")
    term, members = council(5)
    seat = CouncilMember.objects.create(term=term, user=world.user("hoidong"), role="member", order=99)
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)

    def nominee(code="CSTDT", **kwargs):
        return ready_nomination(code, dossier=dossier, **kwargs)

    draft = meeting_for(term, by=staff, day=date(2025, 6, 10))
    agenda_add(meeting=draft, nominations=[nominee()], by=staff)
    voting = meeting_for(term, by=staff, day=date(2025, 6, 20))
    agenda_add(meeting=voting, nominations=[nominee()], by=staff)
    meeting_open_ballot(meeting=voting, by=staff)
    closed = meeting_for(term, by=staff, day=date(2025, 6, 1))
    agenda_add(meeting=closed, nominations=[nominee()], by=staff)
    meeting_open_ballot(meeting=closed, by=staff)
    for member in [*members, seat]:
        ballot_cast(meeting=closed, user=member.user, choices={closed.items.get().pk: AGREE})
    meeting_close(meeting=closed, by=staff)

    draft_decision = decision_create_draft(
        award=award("BKT"), nominations=[nominee("BKT", status=Nomination.Status.READY_FOR_DECISION)], by=staff
    )
    decision_update(decision=draft_decision, by=staff, signer_name="Nguyễn Văn Thắng")
    signed = decision_create_draft(
        award=award("BKT"), nominations=[nominee("BKT", status=Nomination.Status.READY_FOR_DECISION)], by=staff
    )
    decision_update(decision=signed, by=staff, signer_name="Nguyễn Văn Thắng")
    decision_sign(decision=signed, by=staff, decision_date=date(2025, 7, 1))
    name = default_storage.save(f"awards/decisions/test/{signed.pk}.pdf", ContentFile(b"%PDF-1.7 test"))
    Decision.objects.filter(pk=signed.pk).update(pdf_file=name)
    submission = CentralSubmission.objects.create(letter_number="99/TTr-UBND", letter_date=date(2025, 7, 2))
    central = CentralItem.objects.create(
        submission=submission, nomination=nominee("BKTTG", status=Nomination.Status.FORWARDED)
    )

    def document(nomination):
        name = default_storage.save(f"awards/{dossier.pk}/test-{nomination.pk}.pdf", ContentFile(b"%PDF-1.7 test"))
        return Attachment.objects.create(
            dossier=dossier,
            nomination=nomination,
            kind="achievement_report",
            file=name,
            original_name="bao-cao-thanh-tich.pdf",
            content_type="application/pdf",
            extension=".pdf",
            size=13,
            sha256="0" * 64,
        )

    return {
        "term": term,
        # The achievement report of the voting meeting's nominee, and of the draft meeting's (not on its agenda).
        "voting_document": document(voting.items.get().nomination),
        "other_document": document(draft.items.get().nomination),
        "members": members,
        "seat": seat,
        "draft": draft,
        "voting": voting,
        "closed": closed,
        "draft_decision": draft_decision,
        "signed": signed,
        "central": central,
    }


def rows(world):
    c = council_world(world)
    draft, voting, closed = c["draft"], c["voting"], c["closed"]
    draft_item, voting_item = draft.items.get(), voting.items.get()
    d, s = c["draft_decision"], c["signed"]
    # The administrator holds every permission: what staff may do, the administrator may too;
    # a page that needs a council seat or a meeting in a given state stays 404 for them.
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    staff_post = {**staff_only, "admin": 302, "staff": 302}
    council_too = {**staff_only, "hoidong": 200}
    council_post = {**staff_post, "hoidong": 302}
    member_only = {**staff_only, "admin": 404, "staff": 404, "hoidong": 200}
    member_post = {**member_only, "hoidong": 302}
    base = "/khen-thuong"
    return [
        row("awards:meeting_list", f"{base}/hoi-dong/", **council_too),
        row("awards:meeting_create", f"{base}/hoi-dong/them/", **staff_only),
        row("awards:meeting_detail", f"{base}/hoi-dong/{voting.pk}/", **council_too),
        # A meeting in preparation is not shown to members yet.
        row("awards:meeting_detail", f"{base}/hoi-dong/{draft.pk}/", **staff_only),
        row(
            "awards:meeting_agenda_add",
            f"{base}/hoi-dong/{draft.pk}/chuong-trinh/them/",
            method="post",
            data={"nominations": []},
            **staff_post,
        ),
        row(
            "awards:meeting_agenda_remove",
            f"{base}/hoi-dong/{draft.pk}/chuong-trinh/{draft_item.pk}/bo/",
            method="post",
            **staff_post,
        ),
        row("awards:meeting_attendance", f"{base}/hoi-dong/{voting.pk}/diem-danh/", method="post", **staff_post),
        row("awards:meeting_open", f"{base}/hoi-dong/{draft.pk}/mo-bo-phieu/", method="post", **staff_post),
        row("awards:meeting_close", f"{base}/hoi-dong/{voting.pk}/dong-bo-phieu/", method="post", **staff_post),
        row("awards:meeting_room", f"{base}/hoi-dong/{voting.pk}/phong-hop/", **member_only),
        row("awards:meeting_room", f"{base}/hoi-dong/{draft.pk}/phong-hop/", **{**member_only, "hoidong": 404}),
        row(
            "awards:meeting_vote",
            f"{base}/hoi-dong/{voting.pk}/bo-phieu/",
            method="post",
            data={f"item-{voting_item.pk}": "agree"},
            **member_post,
        ),
        # Voting on a closed meeting: members see it, but may no longer vote.
        row(
            "awards:meeting_vote",
            f"{base}/hoi-dong/{closed.pk}/bo-phieu/",
            method="post",
            data={f"item-{closed.items.get().pk}": "agree"},
            **{**member_post, "hoidong": 404},
        ),
        row(
            "awards:meeting_recuse",
            f"{base}/hoi-dong/{voting.pk}/chuong-trinh/{voting_item.pk}/tranh-xet/",
            method="post",
            data={"reason": "relation"},
            **member_post,
        ),
        row("awards:meeting_paper", f"{base}/hoi-dong/{voting.pk}/phieu-giay/", **staff_only),
        row("awards:meeting_results", f"{base}/hoi-dong/{closed.pk}/ket-qua/", **council_too),
        # No results before the ballot is closed, for anyone.
        row(
            "awards:meeting_results",
            f"{base}/hoi-dong/{voting.pk}/ket-qua/",
            **{**staff_only, "admin": 404, "staff": 404},
        ),
        row("awards:meeting_packet", f"{base}/hoi-dong/{voting.pk}/tai-lieu/", method="post", **council_post),
        row("awards:meeting_minutes", f"{base}/hoi-dong/{closed.pk}/bien-ban/", method="post", **council_post),
        # The council's reading room: a member reads the documents of the agenda's nominees, nothing else.
        row(
            "awards:meeting_document",
            f"{base}/hoi-dong/{voting.pk}/ho-so/{c['voting_document'].pk}/",
            **member_only,
        ),
        row(
            "awards:meeting_document",
            f"{base}/hoi-dong/{voting.pk}/ho-so/{c['other_document'].pk}/",
            **{**member_only, "hoidong": 404},
        ),
        row("awards:meeting_archive", f"{base}/hoi-dong/{closed.pk}/luu-tru/", method="post", **staff_post),
        row("awards:decision_list", f"{base}/quyet-dinh/", **staff_only),
        row("awards:decision_create", f"{base}/quyet-dinh/soan/", **staff_only),
        row("awards:decision_detail", f"{base}/quyet-dinh/{d.pk}/", **staff_only),
        row("awards:decision_detail", f"{base}/quyet-dinh/{s.pk}/", **staff_only),
        row("awards:decision_edit", f"{base}/quyet-dinh/{d.pk}/sua/", **staff_only),
        row(
            "awards:decision_recipient_remove",
            f"{base}/quyet-dinh/{d.pk}/doi-tuong/{d.recipients.get().pk}/bo/",
            method="post",
            **staff_post,
        ),
        row(
            "awards:decision_sign",
            f"{base}/quyet-dinh/{d.pk}/ky/",
            method="post",
            data={"decision_date": "2025-07-02"},
            **staff_post,
        ),
        row("awards:decision_render", f"{base}/quyet-dinh/{d.pk}/tao-pdf/", method="post", **staff_post),
        row("awards:decision_download", f"{base}/quyet-dinh/{s.pk}/tai-ve/quyet-dinh/", **staff_only),
        row(
            "awards:decision_download",
            f"{base}/quyet-dinh/{d.pk}/tai-ve/quyet-dinh/",
            **{**staff_only, "admin": 404, "staff": 404},
        ),
        row("awards:decision_amend", f"{base}/quyet-dinh/{s.pk}/dinh-chinh/", **staff_only),
        row("awards:central_list", f"{base}/trinh-trung-uong/", **staff_only),
        row(
            "awards:central_result",
            f"{base}/trinh-trung-uong/{c['central'].pk}/ket-qua/",
            method="post",
            data={"result": "not_awarded"},
            **staff_post,
        ),
    ]
