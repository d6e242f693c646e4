"""Base salary as dated data and the decision wording per award (admins edit both afterwards)."""

from datetime import date

from django.db import migrations

SALARIES = [
    (1_800_000, date(2023, 7, 1), "Nghị định số 24/2023/NĐ-CP"),
    (2_340_000, date(2024, 7, 1), "Nghị định số 73/2024/NĐ-CP"),
    (2_530_000, date(2026, 7, 1), "Mức lương cơ sở mới từ ngày 01/7/2026"),
]

BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
    "một số điều của Luật Thi đua, khen thưởng;"
)
COUNCIL = "Xét đề nghị của Giám đốc Sở Nội vụ và ý kiến của Hội đồng Thi đua - Khen thưởng tỉnh."
PROPOSAL = "Xét đề nghị của Giám đốc Sở Nội vụ."
COPIES = "\n".join(
    [
        "Như Điều 3",
        "TT. Tỉnh ủy, TT. HĐND tỉnh (để b/c)",
        "CT, các PCT UBND tỉnh",
        "Sở Nội vụ (Ban TĐKT)",
        "Lưu: VT, NC",
    ]
)

TEMPLATES = {
    "BKT": ("Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", PROPOSAL),
    "CSTDT": ("Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", COUNCIL),
    "CTDT": ("Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh", COUNCIL),
    "TTLDXS": ("Về việc công nhận danh hiệu Tập thể lao động xuất sắc", PROPOSAL),
}


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    Award = apps.get_model("awards", "Award")
    DecisionTemplate = apps.get_model("awards", "DecisionTemplate")
    for amount, valid_from, basis in SALARIES:
        BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})
    for code, (subject, proposal) in TEMPLATES.items():
        award = Award.objects.filter(code=code).first()
        if award is None:
            continue
        DecisionTemplate.objects.update_or_create(
            award=award,
            defaults={"subject": subject, "legal_bases": BASES, "proposal": proposal, "copy_recipients": COPIES},
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_council_decisions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
