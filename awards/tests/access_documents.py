"""Access-matrix rows of awards part 3: the documents offices edit and sign (Word files, templates, the signed
decision), the payment list and the certificate register (sổ vàng). Staff only; other units get 404."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from awards.models import DecisionSignature, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import DossierFactory, award
from thiduakt.testing import row


def rows(world):
    staff = world.user("staff")
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)

    def draft():
        nominee = ready_nomination("BKT", dossier=dossier, status=Nomination.Status.READY_FOR_DECISION)
        decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
        decision_update(decision=decision, by=staff, signer_name="Nguyễn Văn Thắng")
        return decision

    d = draft()
    s = draft()
    decision_sign(decision=s, by=staff, decision_date=date(2025, 7, 1))
    signed = draft()
    decision_sign(decision=signed, by=staff, decision_date=date(2025, 7, 2))
    name = default_storage.save(f"awards/decisions/signed/test/{signed.pk}.pdf", ContentFile(b"%PDF-1.7 signed"))
    DecisionSignature.objects.create(
        decision=signed, file=name, sha256="0" * 64, signer_subject="CN=A", signer_serial="1", signer_issuer="CN=B"
    )
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    staff_post = {**staff_only, "admin": 302, "staff": 302}
    # The decision's files are asked for by POST (a long decision's start a job): a short one answers the file.
    post = {"method": "post"}
    base = "/khen-thuong"
    return [
        row("awards:decision_docx", f"{base}/quyet-dinh/{d.pk}/word/quyet-dinh/", **post, **staff_only),
        row("awards:decision_docx", f"{base}/quyet-dinh/{s.pk}/word/to-trinh/", **post, **staff_only),
        row(
            "awards:decision_docx",
            f"{base}/quyet-dinh/{s.pk}/word/khac/",
            **post,
            **{**staff_only, "admin": 404, "staff": 404},
        ),
        # A refusal (no file) is a message on the decision's page.
        row("awards:decision_signed_upload", f"{base}/quyet-dinh/{s.pk}/ky-so/", method="post", **staff_post),
        row("awards:decision_sign_on_server", f"{base}/quyet-dinh/{s.pk}/ky-so/may-chu/", method="post", **staff_post),
        row("awards:decision_signed_download", f"{base}/quyet-dinh/{signed.pk}/ky-so/tai-ve/", **staff_only),
        row(
            "awards:decision_signed_download",
            f"{base}/quyet-dinh/{s.pk}/ky-so/tai-ve/",
            **{**staff_only, "admin": 404, "staff": 404},
        ),
        row("awards:decision_payments_xlsx", f"{base}/quyet-dinh/{s.pk}/chi-thuong.xlsx", **post, **staff_only),
        row("awards:decision_payments_pdf", f"{base}/quyet-dinh/{s.pk}/chi-thuong.pdf", **post, **staff_only),
        # A draft has no payment list: back to its page with the reason.
        row("awards:decision_payments_xlsx", f"{base}/quyet-dinh/{d.pk}/chi-thuong.xlsx", **post, **staff_post),
        row("awards:template_list", f"{base}/mau-van-ban/", **staff_only),
        row("awards:template_upload", f"{base}/mau-van-ban/to-trinh/tai-len/", method="post", **staff_post),
        row("awards:template_download", f"{base}/mau-van-ban/quyet-dinh/tai-ve/", **staff_only),
        row("awards:template_reset", f"{base}/mau-van-ban/danh-sach/mac-dinh/", method="post", **staff_post),
        row("awards:register_list", f"{base}/so-vang/", **staff_only),
        row("awards:register_xlsx", f"{base}/so-vang/xuat.xlsx?year=2025", **staff_only),
    ]
