"""Every screen of the product that takes a file, in one list: the hostile-upload suite runs over all of them.

A new upload screen is added here (``test_uploads.test_every_upload_screen_is_registered`` fails
until it is). Each ``UploadScreen`` says who posts the file, where, with which other fields, which
allow-list it must apply, where the stored file is found and downloaded again.

``SPREADSHEET_IMPORTS`` are the screens that take a file and are not run here: spreadsheet imports,
parsed through ``thiduakt.spreadsheets.read_xlsx`` and never served back (their hostile-xlsx suite
is the import pipeline's).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from awards.models.dossiers import ATTACHMENT_FILES
from awards.services import dossier_create_draft
from campaigns.models import Campaign, ReportAttachment
from campaigns.services import campaign_create
from campaigns.tests.factories import launched_campaign
from clusters.models import AwardProposal
from clusters.tests.factories import CriterionFactory, CriterionGroupFactory, cluster_with_members
from exemplars.tests.factories import ExemplarFactory, HonouringEventFactory
from thiduakt.uploads import DOCUMENTS, IMAGES, AllowList


@dataclass
class Target:
    """Where to post, with the other fields of a valid submission (the file goes in ``field``)."""

    url: str
    field: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class UploadScreen:
    id: str
    view: str  # URL name of the view that receives the file
    form: str  # "<app>.<FormClass>": the form class that declares the file field
    allow: AllowList
    role: str  # World role that posts
    prepare: Callable  # (world) -> Target
    written: Callable  # () -> querysets of every row the screen may write (a refusal leaves them unchanged)
    stored: Callable  # () -> queryset of the rows holding a stored file of this screen
    download_url: Callable  # (row) -> URL that serves the stored file
    content_type: Callable  # (row) -> the checked content type stored with the file
    downloader: str = "staff"  # World role that downloads


# ---------------------------------------------------------------------------
# campaigns
# ---------------------------------------------------------------------------


def _campaign_values() -> dict:
    today = timezone.localdate()
    return {
        "name": "Thi đua hoàn thành 3.000 km đường bộ cao tốc",
        "launcher": "prime_minister",
        "kind": "peak",
        "document_number": "1008/QĐ-TTg",
        "document_date": today.isoformat(),
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=500)).isoformat(),
        "report_frequency": "quarterly",
        "report_day": "20",
        "remind_days_before": "3",
    }


def _campaign_create(world) -> Target:
    return Target("/phong-trao/moi/", "document_upload", _campaign_values())


def _campaign_edit(world) -> Target:
    values = _campaign_values()
    campaign = campaign_create(
        by=world.user("staff"),
        name=values["name"],
        launcher=values["launcher"],
        kind=values["kind"],
        start_date=timezone.localdate(),
    )
    return Target(f"/phong-trao/{campaign.pk}/sua/", "document_upload", values)


def _campaign_setup_general(world) -> Target:
    target = _campaign_edit(world)
    campaign_pk = target.url.split("/")[2]
    return Target(f"/phong-trao/{campaign_pk}/thiet-lap/buoc/chung/", "document_upload", target.data)


def _campaign_documents():
    return Campaign.objects.exclude(document_file="")


def _progress_report(world) -> Target:
    due = launched_campaign(world, dues=(5,)).dues.get()
    return Target(f"/phong-trao/bao-cao/{due.pk}/", "upload", {"note": "Đã làm 7 km"})


def _report_attachments():
    return ReportAttachment.objects.all()


# ---------------------------------------------------------------------------
# clusters
# ---------------------------------------------------------------------------


def _cluster_year(world):
    return cluster_with_members([world.nga_bay, world.chau_thanh], head=world.nga_bay)


def _handover(world) -> Target:
    cy = _cluster_year(world)
    # The flag of 2023 goes to that year's head (Ngã Bảy).
    data = {"year": 2023, "from_unit": world.chau_thanh.pk, "to_unit": world.nga_bay.pk, "handed_on": "2023-01-20"}
    return Target(f"/cum-khoi/{cy.cluster_id}/trao-co/", "upload", data)


def _cluster_document(world) -> Target:
    cy = _cluster_year(world)
    return Target(f"/cum-khoi/{cy.cluster_id}/{cy.year}/van-ban/", "upload", {"kind": "plan", "title": "Kế hoạch"})


def _agreement(world) -> Target:
    cy = _cluster_year(world)
    data = {"title": "Giao ước thi đua", "targets": "Vượt 5% thu ngân sách", "signed_on": "2023-02-01"}
    return Target(f"/cum-khoi/{cy.cluster_id}/{cy.year}/giao-uoc/", "upload", data)


def _score_evidence(world) -> Target:
    cy = _cluster_year(world)
    criterion = CriterionFactory(group=CriterionGroupFactory(cluster_year=cy), max_points=Decimal("10"))
    membership = cy.memberships.get(unit=world.chau_thanh)
    data = {f"points_{criterion.pk}": "8", f"note_{criterion.pk}": "Có báo cáo"}
    return Target(f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/", f"file_{criterion.pk}", data)


def _proposal_minutes(world) -> Target:
    cy = _cluster_year(world)
    AwardProposal.objects.create(cluster_year=cy)
    data = {"meeting_on": "2024-01-20", "meeting_place": "Ngã Bảy", "votes_for": "2", "votes_total": "2"}
    return Target(f"/cum-khoi/{cy.cluster_id}/{cy.year}/de-nghi/sua/", "upload", data)


def _models(*model_paths: str):
    def written():
        return [apps.get_model(path).objects.order_by("pk") for path in model_paths]

    return written


def _with_file(model_path: str):
    def stored():
        return apps.get_model(model_path).objects.exclude(file="")

    return stored


# ---------------------------------------------------------------------------
# exemplars
# ---------------------------------------------------------------------------


def _exemplar_file(kind: str):
    def prepare(world) -> Target:
        exemplar = ExemplarFactory(unit=world.chau_thanh)
        return Target(f"/dien-hinh/{exemplar.pk}/tep/", "file", {"kind": kind, "caption": "Lớp học"})

    return prepare


def _event_document(world) -> Target:
    event = HonouringEventFactory()
    return Target(f"/dien-hinh/bieu-duong/{event.pk}/tai-lieu/", "file", {"caption": "Giấy mời"})


# ---------------------------------------------------------------------------
# awards
# ---------------------------------------------------------------------------


def _dossier_attachment(world) -> Target:
    dossier = dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
    )
    return Target(f"/khen-thuong/ho-so/{dossier.pk}/tai-lieu/", "file", {"kind": "request_letter", "nomination": ""})


SCREENS = [
    UploadScreen(
        id="campaigns-plan-document-create",
        view="campaigns:create",
        form="campaigns.CampaignForm",  # through its subclass CampaignGeneralForm
        allow=DOCUMENTS,
        role="staff",
        prepare=_campaign_create,
        written=_models("campaigns.Campaign"),
        stored=_campaign_documents,
        download_url=lambda c: f"/phong-trao/{c.pk}/van-ban/",
        content_type=lambda c: c.document_content_type,
    ),
    UploadScreen(
        id="campaigns-setup-general-document",
        view="campaigns:setup_step",
        form="campaigns.CampaignForm",  # through its subclass CampaignGeneralForm
        allow=DOCUMENTS,
        role="staff",
        prepare=_campaign_setup_general,
        written=_models("campaigns.Campaign"),
        stored=_campaign_documents,
        download_url=lambda c: f"/phong-trao/{c.pk}/van-ban/",
        content_type=lambda c: c.document_content_type,
    ),
    UploadScreen(
        id="campaigns-plan-document-edit",
        view="campaigns:edit",
        form="campaigns.CampaignForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_campaign_edit,
        written=_models("campaigns.Campaign"),
        stored=_campaign_documents,
        download_url=lambda c: f"/phong-trao/{c.pk}/van-ban/",
        content_type=lambda c: c.document_content_type,
    ),
    UploadScreen(
        id="campaigns-progress-report-attachment",
        view="campaigns:report_edit",
        form="campaigns.AttachmentForm",
        allow=DOCUMENTS,
        role="donvi",
        prepare=_progress_report,
        written=_models("campaigns.ProgressReport", "campaigns.ReportAttachment"),
        stored=_report_attachments,
        download_url=lambda a: f"/phong-trao/bao-cao/tep/{a.pk}/",
        content_type=lambda a: a.content_type,
    ),
    UploadScreen(
        id="clusters-handover-photo-or-document",
        view="clusters:handover_create",
        form="clusters.HandoverForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_handover,
        written=_models("clusters.FlagHandover"),
        stored=_with_file("clusters.FlagHandover"),
        download_url=lambda h: f"/cum-khoi/trao-co/{h.pk}/tep/",
        content_type=lambda h: h.file_content_type,
        downloader="donvi",
    ),
    UploadScreen(
        id="clusters-year-document",
        view="clusters:document_upload",
        form="clusters.DocumentForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_cluster_document,
        written=_models("clusters.ClusterDocument"),
        stored=_with_file("clusters.ClusterDocument"),
        download_url=lambda d: f"/cum-khoi/van-ban/{d.pk}/",
        content_type=lambda d: d.file_content_type,
        downloader="donvi",
    ),
    UploadScreen(
        id="clusters-signed-agreement",
        view="clusters:agreement_edit",
        form="clusters.AgreementForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_agreement,
        written=_models("clusters.Agreement"),
        stored=_with_file("clusters.Agreement"),
        download_url=lambda a: f"/cum-khoi/{a.cluster_year.cluster_id}/{a.cluster_year.year}/giao-uoc/tep/",
        content_type=lambda a: a.file_content_type,
        downloader="donvi",
    ),
    UploadScreen(
        id="clusters-score-evidence",
        view="clusters:score_sheet",
        form="clusters.ScoreSheetForm",
        allow=DOCUMENTS,
        role="donvi",
        prepare=_score_evidence,
        written=_models("clusters.Score"),
        stored=_with_file("clusters.Score"),
        download_url=lambda s: f"/cum-khoi/diem/{s.pk}/minh-chung/",
        content_type=lambda s: s.file_content_type,
    ),
    UploadScreen(
        id="clusters-proposal-minutes",
        view="clusters:proposal_edit",
        form="clusters.ProposalForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_proposal_minutes,
        written=_models("clusters.AwardProposal"),
        stored=_with_file("clusters.AwardProposal"),
        download_url=lambda p: f"/cum-khoi/{p.cluster_year.cluster_id}/{p.cluster_year.year}/de-nghi/bien-ban/",
        content_type=lambda p: p.file_content_type,
        downloader="donvi",
    ),
    UploadScreen(
        id="exemplars-photo",
        view="exemplars:file_upload",
        form="exemplars.FileForm",
        allow=IMAGES,
        role="donvi",
        prepare=_exemplar_file("photo"),
        written=_models("exemplars.ExemplarFile"),
        stored=_with_file("exemplars.ExemplarFile"),
        download_url=lambda f: f"/dien-hinh/tep/{f.pk}/",
        content_type=lambda f: f.content_type,
    ),
    UploadScreen(
        id="exemplars-document",
        view="exemplars:file_upload",
        form="exemplars.FileForm",
        allow=DOCUMENTS,
        role="donvi",
        prepare=_exemplar_file("document"),
        written=_models("exemplars.ExemplarFile"),
        stored=_with_file("exemplars.ExemplarFile"),
        download_url=lambda f: f"/dien-hinh/tep/{f.pk}/",
        content_type=lambda f: f.content_type,
    ),
    UploadScreen(
        id="exemplars-honouring-event-document",
        view="exemplars:event_document_upload",
        form="exemplars.EventDocumentForm",
        allow=DOCUMENTS,
        role="staff",
        prepare=_event_document,
        written=_models("exemplars.EventDocument"),
        stored=_with_file("exemplars.EventDocument"),
        download_url=lambda d: f"/dien-hinh/bieu-duong/{d.event_id}/tai-lieu/{d.pk}/",
        content_type=lambda d: d.content_type,
    ),
    UploadScreen(
        id="awards-dossier-attachment",
        view="awards:attachment_upload",
        form="awards.AttachmentForm",
        allow=ATTACHMENT_FILES,
        role="donvi",
        prepare=_dossier_attachment,
        written=_models("awards.Attachment", "awards.DossierEvent"),
        stored=_with_file("awards.Attachment"),
        download_url=lambda a: f"/khen-thuong/tai-lieu/{a.pk}/",
        content_type=lambda a: a.content_type,
    ),
]

# Screens that take a file and are not run above: (URL name, "<app>.<FormClass>").
SPREADSHEET_IMPORTS = {
    # Parsed by thiduakt.spreadsheets.read_xlsx, never served back; the import pipeline's suite.
    ("campaigns:import", "campaigns.ImportForm"),
    ("campaigns:campaign_import", "campaigns.ImportForm"),
    # An event's honourees list: kept for its preview and confirmation, never downloaded.
    ("exemplars:event_honourees_import", "exemplars.HonoureeUploadForm"),
    # The award history file is kept for its background analysis, never downloaded.
    ("awards:history_import", "awards.HistoryImportForm"),
    # A dossier's nominee list: kept (with its hash) for the preview and the confirmation, never downloaded.
    ("awards:nominee_import", "awards.NomineeImportForm"),
    # A member's score sheet waits for its confirmation in private storage, never downloaded.
    ("clusters:score_import", "clusters.ScoreImportForm"),
}

# Screens whose file passes a check of its content after the gate: a Word template that must render
# (awards.services.documents), a PDF whose digital signature is verified (awards.services.signature). A plain
# PDF is refused there, so the storing test above does not apply; their hostile-file suite (the same HOSTILE
# files, nothing written) is awards/tests/test_documents_uploads.py.
CONTENT_CHECKED = {
    ("awards:template_upload", "awards.TemplateUploadForm"),
    ("awards:decision_signed_upload", "awards.SignedPdfForm"),
}
