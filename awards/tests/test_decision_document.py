"""The award decision as NĐ 30/2020/NĐ-CP (Annex I) and the practice of provincial Bằng khen decisions want it.

docs/law-money-documents.md §2–§4 are the research; docs/awards-law.md "## Quyết định" maps each rule to its
article, data row and test here. The PDFs are read back with pdftotext (and pypdf for the fonts of the text).
"""

import re
import subprocess
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connections, transaction
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from awards import reference
from awards.jobs import (
    achievement_period,
    certificates_context,
    decision_context,
    recipient_counts,
)
from awards.models import (
    AwardRecord,
    Decision,
    DecisionCounter,
    DecisionTemplate,
    LegalCitation,
    Nomination,
    RegisterCounter,
)
from awards.selectors import grouped_recipients
from awards.services import (
    decision_amend_draft,
    decision_create_draft,
    decision_sign,
    decision_update,
)
from awards.services.decisions import recipient_description
from awards.tests.council_factories import ensure_catalogue, ready_nomination
from awards.tests.factories import DossierFactory, award
from awards.tests.test_council_documents import _text
from thiduakt.models import Job, OrgUnit
from thiduakt.pdf import render_pdf
from thiduakt.services import DomainError, job_create, job_run
from thiduakt.tests.factories import OrgUnitFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

SIGNER = "Trương Cảnh Tuyên"

# The lines of docs/law-money-documents.md §3, as awards.reference.CITATIONS holds them.
TCCQDP_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
TCCQDP_2019 = (
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
    "ngày 22 tháng 11 năm 2019;"
)
TCCQDP_FEB_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"
TCCQDP_JUN_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
TDKT = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
ND98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)
ND152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền "
    "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, "
    "khen thưởng;"
)
HG_REGULATION = (
    "Căn cứ Quyết định số 21/2018/QĐ-UBND ngày 31 tháng 10 năm 2018 của Ủy ban nhân dân tỉnh Hậu Giang ban hành "
    "Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Hậu Giang;"
)


def _page_texts(path) -> list[str]:
    """The text of each page (whitespace collapsed), in order."""
    pages = len(PdfReader(path).pages)
    return [
        " ".join(
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(path), "-"],
                capture_output=True,
                check=True,
            )
            .stdout.decode("utf-8")
            .split()
        )
        for n in range(1, pages + 1)
    ]


def _raw_text(path) -> str:
    """The text in the order it was laid out (pdftotext -raw): blanks of a draft do not reorder it."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _fonts_of(path, page: int = 0) -> list[tuple[str, str]]:
    """(text, font) of every piece of text on a page, the font without its subset prefix: "Tinos-Bold"."""
    pieces = []

    def visit(text, _cm, _tm, font, _size):
        if text.strip() and font:
            pieces.append((text.strip(), str(font["/BaseFont"]).split("+")[-1]))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return pieces


def _write(tmp_path, name: str, pdf: bytes):
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def _nominee(**kwargs) -> Nomination:
    return ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION, **kwargs)


def _draft(*nominees, code="BKT", **fields) -> tuple:
    staff = StaffFactory()
    decision = decision_create_draft(award=award(code), nominations=list(nominees), by=staff)
    decision_update(decision=decision, by=staff, signer_name=SIGNER, **fields)
    return staff, Decision.objects.get(pk=decision.pk)


def _signed(*nominees, day=date(2025, 1, 20), code="BKT", **fields) -> Decision:
    staff, decision = _draft(*(nominees or [_nominee()]), code=code, **fields)
    decision_sign(decision=decision, by=staff, decision_date=day)
    return Decision.objects.select_related("award").get(pk=decision.pk)


def _decision_pdf(decision, tmp_path, **overrides):
    context = {**decision_context(decision), **overrides}
    return _write(tmp_path, f"qd-{decision.pk}.pdf", render_pdf("reports/pdf/awards/decision.html", context))


# ---------------------------------------------------------------------------
# 1. The header: "ỦY BAN NHÂN DÂN / TỈNH HẬU GIANG" is the issuer's name, both lines bold (Annex I II.2)
# ---------------------------------------------------------------------------


def test_the_issuer_ubnd_tinh_is_wholly_bold_with_no_parent_body_above_it(tmp_path):
    path = _decision_pdf(_signed(), tmp_path)
    fonts = dict(_fonts_of(path))
    assert fonts["ỦY BAN NHÂN DÂN"] == "Tinos-Bold"
    assert fonts["TỈNH HẬU GIANG"] == "Tinos-Bold"
    first = _page_texts(path)[0]
    assert first.startswith("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


# ---------------------------------------------------------------------------
# 2. Pages: the decision numbered top centre from page 2, the annex numbered on its own (I.7, III.1)
# ---------------------------------------------------------------------------


def test_the_annex_restarts_its_own_page_numbers_and_the_decision_numbers_from_page_two(tmp_path):
    decision = _signed()
    context = decision_context(decision)
    heading, lines = context["groups"][0]
    long_annex = [(heading, [f"{lines[0]} (dòng {n:02d})" for n in range(1, 91)])]
    many_bases = [f"Căn cứ văn bản thử nghiệm số {n:02d} về công tác thi đua, khen thưởng;" for n in range(1, 41)]
    path = _decision_pdf(decision, tmp_path, groups=long_annex, legal_bases=[*many_bases, *context["legal_bases"]])
    pages = _page_texts(path)
    annex_start = next(i for i, text in enumerate(pages) if "DANH SÁCH ĐƯỢC TẶNG" in text)
    assert annex_start >= 2 and len(pages) - annex_start >= 3  # two decision pages and three annex pages at least
    # The decision: nothing above the header on page 1, then "2", "3", … at the top of each page.
    assert pages[0].startswith("ỦY BAN NHÂN DÂN")
    for index in range(1, annex_start):
        assert pages[index].split()[0] == str(index + 1)
    # The annex: its first page unnumbered, then 2, 3 … counted from the annex's own first page.
    assert pages[annex_start].startswith("DANH SÁCH ĐƯỢC TẶNG")
    for offset, text in enumerate(pages[annex_start + 1 :], start=2):
        assert text.split()[0] == str(offset)


# ---------------------------------------------------------------------------
# 3. The annex heading's date is written in words, with the issuer's place (III.1 b, II.4)
# ---------------------------------------------------------------------------


def test_the_annex_heading_gives_the_decision_date_in_words(tmp_path):
    decision = _signed(day=date(2025, 3, 5))
    assert decision_context(decision)["annex_note"] == (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 05 tháng 3 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang)"
    )
    text = _text(_decision_pdf(decision, tmp_path))
    assert "Hậu Giang, ngày 05 tháng 3 năm 2025" in text
    assert decision_context(decision)["annex_note"] in text
    assert "05/03/2025" not in text


# ---------------------------------------------------------------------------
# 4. Lists: ";" after each line, "." after the last (II.6 a; the award list in the same style)
# ---------------------------------------------------------------------------


def test_each_list_ends_its_lines_with_semicolons_and_its_last_line_with_a_period(tmp_path):
    first = PersonFactory(full_name="Trần Thị Ánh", gender="female", position="Chuyên viên")
    second = PersonFactory(full_name="Lê Văn Bảy", position="Kế toán")
    collective = OrgUnitFactory(name="Phòng Nội vụ huyện Châu Thành")
    decision = _signed(
        _nominee(person=first),
        _nominee(person=second),
        _nominee(nominee_kind="collective", person=None, unit=collective),
        proposal_number="45/TTr-SNV",
        proposal_date=date(2025, 1, 10),
    )
    text = _text(_decision_pdf(decision, tmp_path))
    assert "I. TẬP THỂ 1. Phòng Nội vụ huyện Châu Thành. II. CÁ NHÂN" in text
    assert (
        f"1. Bà Trần Thị Ánh, Chuyên viên, {first.unit.name}; 2. Ông Lê Văn Bảy, Kế toán, {second.unit.name}." in text
    )
    bases = decision_context(decision)["legal_bases"]
    assert all(line.endswith(";") for line in bases[:-1])
    assert bases[-1].endswith("ngày 10 tháng 01 năm 2025.")


# ---------------------------------------------------------------------------
# 5–6. Căn cứ: the laws in force on the decision's date, the province's regulation, the Tờ trình
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # A: up to 28/02/2025 (the 2015 Law and its 2019 amendment, NĐ 98/2023, Hậu Giang's regulation)
        (date(2025, 1, 20), [TCCQDP_2015, TCCQDP_2019, TDKT, ND98, HG_REGULATION]),
        (date(2025, 2, 28), [TCCQDP_2015, TCCQDP_2019, TDKT, ND98, HG_REGULATION]),
        # B: from 01/03/2025, Luật số 65/2025/QH15
        (date(2025, 3, 1), [TCCQDP_FEB_2025, TDKT, ND98, HG_REGULATION]),
        (date(2025, 6, 15), [TCCQDP_FEB_2025, TDKT, ND98, HG_REGULATION]),
        # C: from 16/06/2025, Luật số 72/2025/QH15; NĐ 98/2023 until 30/06/2025
        (date(2025, 6, 16), [TCCQDP_JUN_2025, TDKT, ND98, HG_REGULATION]),
        (date(2025, 6, 30), [TCCQDP_JUN_2025, TDKT, ND98, HG_REGULATION]),
        # D: from 01/07/2025, NĐ 152/2025 by its full title; the city's regulation is not in the data
        (date(2025, 7, 1), [TCCQDP_JUN_2025, TDKT, ND152]),
        (date(2026, 3, 2), [TCCQDP_JUN_2025, TDKT, ND152]),
    ],
)
def test_a_decision_cites_the_laws_in_force_on_its_date(day, expected):
    decision = _signed(day=day)
    assert decision.legal_basis_lines() == expected
    assert decision_context(decision)["legal_bases"] == [
        *expected,
        "Xét đề nghị của Giám đốc Sở Nội vụ.",  # signed without a Tờ trình: the proposal alone, closed by "."
    ]


def test_the_proposal_names_the_to_trinh_and_closes_the_list(tmp_path):
    decision = _signed(proposal_number="125/TTr-SNV", proposal_date=date(2025, 1, 10))
    assert decision_context(decision)["legal_bases"] == [
        TCCQDP_2015,
        TCCQDP_2019,
        TDKT,
        ND98,
        HG_REGULATION,
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 10 tháng 01 năm 2025.",
    ]
    text = _text(_decision_pdf(decision, tmp_path))
    assert (
        "Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Hậu Giang; Xét đề nghị của Giám đốc Sở Nội vụ "
        "tại Tờ trình số 125/TTr-SNV ngày 10 tháng 01 năm 2025. QUYẾT ĐỊNH:"
    ) in text
    assert "Luật số" not in text  # laws by name and date only (II.6 a)


def test_a_council_award_is_proposed_by_the_standing_body_of_the_council():
    decision = _signed(
        ready_nomination("CSTDT", status=Nomination.Status.COUNCIL_PASSED),
        code="CSTDT",
        day=date(2025, 7, 15),
        proposal_number="7/TTr-SNV",
        proposal_date=date(2025, 7, 1),
    )
    assert decision_context(decision)["legal_bases"][-1] == (
        "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh) tại Tờ trình "
        "số 7/TTr-SNV ngày 01 tháng 7 năm 2025."
    )


def test_the_to_trinh_may_not_be_dated_after_the_decision_and_nothing_is_signed_then():
    staff, decision = _draft(_nominee(), proposal_number="125/TTr-SNV", proposal_date=date(2025, 1, 21))
    with pytest.raises(DomainError) as refused:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 1, 20))
    assert str(refused.value) == "Ngày tờ trình 21/01/2025 sau ngày ký quyết định 20/01/2025."
    decision.refresh_from_db()
    assert (decision.status, decision.number, decision.decision_date) == (Decision.Status.DRAFT, None, None)
    assert not DecisionCounter.objects.exists() and not RegisterCounter.objects.exists()
    assert not AwardRecord.objects.exists()
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 1, 21))  # the same day is allowed
    assert Decision.objects.get(pk=decision.pk).number_display == "01/QĐ-UBND"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"proposal_number": "125/TTr-SNV"}, "Cần ghi cả số và ngày của tờ trình (hoặc để trống cả hai)."),
        ({"proposal_date": date(2025, 1, 10)}, "Cần ghi cả số và ngày của tờ trình (hoặc để trống cả hai)."),
        (
            {"proposal_number": "TTr-SNV 125", "proposal_date": date(2025, 1, 10)},
            "Số tờ trình “TTr-SNV 125” không đúng dạng số/ký hiệu, ví dụ 125/TTr-SNV.",
        ),
        (
            {"proposal_number": "125/TTr-SNV", "proposal_date": "tomorrow"},
            "Ngày tờ trình {tomorrow} sau ngày hôm nay {today}.",
        ),
    ],
)
def test_a_draft_refuses_an_incomplete_malformed_or_future_to_trinh(fields, message):
    staff = StaffFactory()
    decision = decision_create_draft(award=award("BKT"), nominations=[_nominee()], by=staff)
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    if fields.get("proposal_date") == "tomorrow":
        fields = {**fields, "proposal_date": tomorrow}
    with pytest.raises(DomainError) as refused:
        decision_update(decision=decision, by=staff, signer_name=SIGNER, **fields)
    assert str(refused.value) == message.format(tomorrow=f"{tomorrow:%d/%m/%Y}", today=f"{today:%d/%m/%Y}")
    decision.refresh_from_db()
    assert (decision.signer_name, decision.proposal_number, decision.proposal_date) == ("", "", None)


def test_the_edit_screen_takes_the_to_trinh_and_shows_a_refusal_on_its_field(world):
    staff = world.user("staff")
    decision = decision_create_draft(award=award("BKT"), nominations=[_nominee()], by=staff)
    client = Client()
    client.force_login(staff)
    form = {
        name: getattr(decision, name)
        for name in (
            "subject",
            "issuer_parent",
            "issuer_name",
            "issuer",
            "issuer_code",
            "place",
            "legal_bases",
            "proposal",
            "executors",
            "signer_authority",
            "signer_title",
            "copy_recipients",
        )
    }
    form["signer_name"] = SIGNER
    future = timezone.localdate() + timedelta(days=3)
    refused = client.post(
        f"/khen-thuong/quyet-dinh/{decision.pk}/sua/",
        {**form, "proposal_number": "125/TTr-SNV", "proposal_date": future.isoformat()},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["proposal_date"] == [
        f"Ngày tờ trình {future:%d/%m/%Y} sau ngày hôm nay {timezone.localdate():%d/%m/%Y}."
    ]
    assert Decision.objects.get(pk=decision.pk).proposal_number == ""
    saved = client.post(
        f"/khen-thuong/quyet-dinh/{decision.pk}/sua/",
        {**form, "proposal_number": "125/TTr-SNV", "proposal_date": "2025-01-10"},
    )
    assert saved.status_code == 302
    decision.refresh_from_db()
    assert (decision.proposal_number, decision.proposal_date) == ("125/TTr-SNV", date(2025, 1, 10))


def test_signing_replaces_the_drafts_laws_by_those_of_the_signing_date_and_says_so():
    staff, decision = _draft(_nominee())
    today = timezone.localdate()
    assert decision.legal_basis_lines() == [
        f"{c.text};" for c in LegalCitation.objects.in_force(today)
    ]  # drafted as of today
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 1, 20))
    decision.refresh_from_db()
    assert decision.legal_basis_lines() == [TCCQDP_2015, TCCQDP_2019, TDKT, ND98, HG_REGULATION]
    assert decision.events.get(to_status="signed").reason == "Căn cứ theo các văn bản có hiệu lực ngày 20/01/2025"
    # The decision's own lines follow the dated ones.
    _staff, other = _draft(_nominee(), legal_bases="Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025 của tỉnh;")
    decision_sign(decision=other, by=staff, decision_date=date(2025, 1, 20))
    other.refresh_from_db()
    assert other.legal_basis_lines()[-1] == "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025 của tỉnh;"


def test_a_new_decree_is_a_new_dated_row_and_decisions_before_it_keep_the_old_one():
    LegalCitation.objects.filter(code="nd-tdkt", valid_to__isnull=True).update(valid_to=date(2026, 2, 28))
    LegalCitation.objects.create(
        code="nd-tdkt",
        kind=LegalCitation.Kind.DECREE,
        order=30,
        text="Căn cứ Nghị định số 999/2026/NĐ-CP ngày 20 tháng 02 năm 2026 của Chính phủ quy định thử nghiệm;",
        valid_from=date(2026, 3, 1),
    )
    before, after = _signed(day=date(2026, 2, 28)), _signed(day=date(2026, 3, 1))
    assert before.legal_basis_lines() == [TCCQDP_JUN_2025, TDKT, ND152]
    assert after.legal_basis_lines() == [
        TCCQDP_JUN_2025,
        TDKT,
        "Căn cứ Nghị định số 999/2026/NĐ-CP ngày 20 tháng 02 năm 2026 của Chính phủ quy định thử nghiệm;",
    ]


def test_a_fresh_database_has_the_templates_without_fixed_law_lines(world):
    """The laws come from the dated citations; the templates hold only the proposal line (awards.reference)."""
    assert sorted(DecisionTemplate.objects.values_list("award__code", "legal_bases", "proposal")) == [
        ("BKT", "", "Xét đề nghị của Giám đốc Sở Nội vụ"),
        ("CSTDT", "", "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh)"),
        ("CTDT", "", "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh)"),
        ("TTLDXS", "", "Xét đề nghị của Giám đốc Sở Nội vụ"),
    ]


# ---------------------------------------------------------------------------
# 7. Điều 1: counts with two digits, the right conjunctions, the achievement year or period
# ---------------------------------------------------------------------------


def _kinds(**counts):
    return [SimpleNamespace(recipient_kind=kind) for kind, n in counts.items() for _ in range(n)]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"collective": 1, "individual": 2, "household": 1}, "01 tập thể, 02 cá nhân và 01 hộ gia đình"),
        ({"individual": 2}, "02 cá nhân"),
        ({"individual": 3, "collective": 1}, "01 tập thể và 03 cá nhân"),
        ({"household": 2, "collective": 28}, "28 tập thể và 02 hộ gia đình"),
        ({"collective": 32}, "32 tập thể"),
    ],
)
def test_recipient_counts_have_two_digits_and_vietnamese_conjunctions(counts, expected):
    assert recipient_counts(_kinds(**counts)) == expected


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2024, 2024], "năm 2024"),
        ([2025, 2021, 2023, 2022, 2024], "giai đoạn 2021 - 2025"),
        ([2022, 2024], "các năm 2022 và 2024"),
    ],
)
def test_the_achievement_is_named_by_its_year_or_period(years, expected):
    assert achievement_period(years) == expected


def test_article_1_of_a_decision_for_a_collective_two_people_and_a_household(tmp_path):
    decision = _signed(
        _nominee(nominee_kind="collective", person=None, unit=OrgUnitFactory(name="Trường Tiểu học Vị Thanh")),
        _nominee(),
        _nominee(),
        _nominee(nominee_kind="household", person=None, household_name="Hộ ông Võ Văn Đức"),
    )
    article = (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể, 02 cá nhân và 01 hộ gia đình (có "
        "danh sách kèm theo), đã có thành tích xuất sắc trong phong trào thi đua năm 2024."
    )
    assert article in _text(_decision_pdf(decision, tmp_path))


def test_article_1_names_the_period_when_the_achievements_span_years():
    dossier = DossierFactory(year=2025)
    decision = _signed(_nominee(dossier=DossierFactory(year=2021)), _nominee(dossier=dossier), day=date(2026, 1, 10))
    assert decision_context(decision)["articles"][0] == (
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 cá nhân (có danh sách kèm theo), đã có thành tích "
        "xuất sắc trong phong trào thi đua các năm 2021 và 2025."
    )


# ---------------------------------------------------------------------------
# 8. Lines of the list: the unit named once; a household with its address
# ---------------------------------------------------------------------------


def test_a_position_naming_its_unit_is_not_followed_by_the_unit_again():
    snv = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, name="Sở Nội vụ")
    named = _nominee(person=PersonFactory(position="Chuyên viên Sở Nội vụ", unit=snv))
    plain = _nominee(person=PersonFactory(position="Chuyên viên Phòng Thi đua - Khen thưởng", unit=snv))
    bare = _nominee(person=PersonFactory(position="", unit=snv))
    assert recipient_description(named) == "Chuyên viên Sở Nội vụ"
    assert recipient_description(plain) == "Chuyên viên Phòng Thi đua - Khen thưởng, Sở Nội vụ"
    assert recipient_description(bare) == "Sở Nội vụ"
    decision = _signed(named)
    assert decision_context(decision)["groups"][0][1] == ["Ông " + named.nominee_name + ", Chuyên viên Sở Nội vụ"]


def test_a_household_line_carries_its_address(tmp_path):
    province = OrgUnitFactory(
        kind=OrgUnit.Kind.DIVISION, name="Tỉnh thử nghiệm", area_type="tỉnh", place_name="Hậu Giang"
    )
    district = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, name="Ủy ban nhân dân huyện Phụng Hiệp", parent=province)
    commune = OrgUnitFactory(name="Ủy ban nhân dân xã Hòa An", parent=district)
    household = _nominee(
        nominee_kind="household", person=None, household_name="Hộ ông Võ Văn Đức", dossier=DossierFactory(unit=commune)
    )
    assert recipient_description(household) == "xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang"
    # A proposing unit that governs no area: its name, as before.
    association = OrgUnitFactory(kind=OrgUnit.Kind.MASS_ORGANISATION, name="Hội Nông dân tỉnh")
    other = _nominee(
        nominee_kind="household",
        person=None,
        household_name="Hộ bà Lý Thị Mai",
        dossier=DossierFactory(unit=association),
    )
    assert recipient_description(other) == "Hội Nông dân tỉnh"
    text = _text(_decision_pdf(_signed(household), tmp_path))
    assert "I. HỘ GIA ĐÌNH 1. Hộ ông Võ Văn Đức, xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang." in text


# ---------------------------------------------------------------------------
# 9. A draft: "Số:      /QĐ-UBND", the date and the Tờ trình left blank
# ---------------------------------------------------------------------------


def test_a_draft_leaves_the_number_blank_before_its_kind_and_issuer(private_media):
    staff, decision = _draft(_nominee())
    job = job_run(
        job_id=job_create(kind="awards.decision_documents", requested_by=staff, params={"decision_id": decision.pk}).pk
    )
    assert job.status == Job.Status.DONE
    text = _raw_text(job.result_file.path)
    assert "DỰ THẢO" in text
    assert "Số: /QĐ-UBND" in text and "Hậu Giang, ngày tháng năm 20 " in text
    note = decision_context(decision)["annex_note"]
    assert note.startswith("(Kèm theo Quyết định số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/QĐ-UBND ngày\u00a0")
    assert " ".join(note.split()) == (
        "(Kèm theo Quyết định số /QĐ-UBND ngày tháng năm 20 của Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang)"
    )
    assert "(Kèm theo Quyết định số /QĐ-UBND ngày tháng năm 20 của Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang)" in text
    assert "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số /TTr-SNV ngày tháng năm 20 . QUYẾT ĐỊNH:" in text


# ---------------------------------------------------------------------------
# 10. Certificates: the province's name, the decision, a register number that runs on and never repeats
# ---------------------------------------------------------------------------


def test_certificates_carry_the_province_and_register_numbers_that_run_on_across_decisions(tmp_path):
    ann, binh = PersonFactory(full_name="Trần Thị Ánh", gender="female"), PersonFactory(full_name="Lê Văn Bình")
    school = OrgUnitFactory(name="Trường Tiểu học Vị Thanh")
    first = _signed(
        _nominee(person=binh), _nominee(person=ann), _nominee(nominee_kind="collective", person=None, unit=school)
    )
    second = _signed(_nominee(), _nominee(), day=date(2025, 12, 30))
    third = _signed(_nominee(), day=date(2026, 1, 5))  # a new year does not restart the register
    register = "BKT/UBND/TỈNH HẬU GIANG"

    def numbers(decision):
        return [
            (r.recipient_name, r.award_record.register_number) for _h, rs in grouped_recipients(decision) for r in rs
        ]

    assert numbers(first) == [("Trường Tiểu học Vị Thanh", 1), ("Trần Thị Ánh", 2), ("Lê Văn Bình", 3)]
    assert [n for _name, n in numbers(second)] == [4, 5]
    assert [n for _name, n in numbers(third)] == [6]
    assert set(AwardRecord.objects.values_list("register", flat=True)) == {register}
    assert RegisterCounter.objects.get(register=register).last_number == 6
    # Another award keeps its own register.
    flag = _signed(
        ready_nomination(
            "TTLDXS",
            status=Nomination.Status.READY_FOR_DECISION,
            nominee_kind="collective",
            person=None,
            unit=OrgUnitFactory(),
        ),
        code="TTLDXS",
        day=date(2026, 1, 6),  # after 01/QĐ-UBND of 05/01/2026, the last number of its series
    )
    assert flag.recipients.get().award_record.register_number == 1
    # The certificates print it, with the province's name and the decision's number and date.
    text = _text(
        _write(tmp_path, "bk.pdf", render_pdf("reports/pdf/awards/certificates.html", certificates_context(first)))
    )
    assert text.count("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG") == 3
    assert "Quyết định số 01/QĐ-UBND ngày 20 tháng 01 năm 2025 Số sổ vàng: 1 " in text
    assert "Số sổ vàng: 2 " in text and "Số sổ vàng: 3 " in text
    assert "2025-" not in text  # no longer a number restarting in each decision


def test_a_register_number_cannot_be_given_twice():
    record = _signed().recipients.get().award_record
    twin = AwardRecord(
        recipient_kind="individual",
        person=PersonFactory(),
        award=record.award,
        year=2024,
        recipient_name="Bản ghi thử",
        register=record.register,
        register_number=record.register_number,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_correction_issues_a_new_certificate_number_and_a_revocation_none():
    decision = _signed(_nominee(), _nominee())
    lines = list(decision.recipients.order_by("pk"))
    staff = StaffFactory()
    correction = decision_amend_draft(
        old=decision,
        purpose=Decision.Purpose.CORRECTION,
        reason="Sai chức vụ",
        by=staff,
        recipients=[lines[0]],
        corrections={lines[0].pk: {"description": "Phó Trưởng phòng"}},
    )
    decision_sign(decision=correction, by=staff, decision_date=date(2025, 2, 3))
    assert correction.recipients.get().award_record.register_number == 3
    revocation = decision_amend_draft(
        old=Decision.objects.get(pk=correction.pk),
        purpose=Decision.Purpose.REVOCATION,
        reason="Hủy do gian dối hồ sơ",
        by=staff,
        recipients=list(correction.recipients.all()),
    )
    decision_sign(decision=revocation, by=staff, decision_date=date(2025, 3, 3))
    assert RegisterCounter.objects.get().last_number == 3
    assert sorted(AwardRecord.objects.values_list("register_number", flat=True)) == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_decisions_signed_at_once_take_distinct_consecutive_register_numbers():
    ensure_catalogue()
    staff = StaffFactory()
    drafts = []
    for _ in range(8):
        decision = decision_create_draft(award=award("BKT"), nominations=[_nominee(), _nominee()], by=staff)
        decision_update(decision=decision, by=staff, signer_name=SIGNER)
        drafts.append(decision)
    barrier = threading.Barrier(len(drafts))
    errors = []

    def sign(decision):
        try:
            barrier.wait()
            decision_sign(decision=decision, by=staff, decision_date=date(2025, 9, 2))
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(AwardRecord.objects.values_list("register_number", flat=True)) == list(range(1, 17))
    assert RegisterCounter.objects.get().last_number == 16
    # Each decision's two certificates are consecutive.
    for decision in drafts:
        got = sorted(
            AwardRecord.objects.filter(decision_number=Decision.objects.get(pk=decision.pk).number_display).values_list(
                "register_number", flat=True
            )
        )
        assert got[1] == got[0] + 1


# ---------------------------------------------------------------------------
# docs/awards-law.md "## Quyết định": every citation row has its row, every test named exists
# ---------------------------------------------------------------------------


def test_the_decision_section_covers_every_citation_row():
    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "awards-law.md").read_text()
    section = text[text.index("## Quyết định") :].split("\n## ", 1)[0]
    documented = {
        (code, datetime.strptime(day, "%d/%m/%Y").date())
        for code, day in re.findall(r"`([a-z0-9-]+)` (\d\d/\d\d/\d{4}) →", section)
    }
    assert documented == {(row[0], row[4]) for row in reference.CITATIONS}
    tests = set()
    for path in (root / "awards" / "tests").glob("test_*.py"):
        tests |= set(re.findall(r"^def (test_\w+)", path.read_text(), flags=re.MULTILINE))
    named = set(re.findall(r"`(test_\w+)`", section))
    assert len(named) > 20
    assert named - tests == set()
