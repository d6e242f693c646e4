"""Reference data every database needs: the award catalogue with its rule sets, public holidays,
processing times, base salaries and the decision wording per award.

It is data, not schema: it lives here rather than in migrations, and ``seed`` writes it after
every ``migrate`` (``AwardsConfig.ready`` connects it to ``post_migrate``) and into every test
database (``thiduakt.testing.ensure_reference_data``). ``seed`` only inserts what is missing, by
each row's natural key (award code, rule set's award and start date, holiday, salary's start
date, template's award): whatever an administrator has edited stays as edited. A correction of
the law arrives as a new dated row (a rule set, a salary, a coefficient valid from a later date),
never as an overwrite of the old one, so decisions already taken keep the values of their date.

Numbers marked [assume] in docs/awards.md are our best reading of the law and stay configurable.
"""

from datetime import date
from decimal import Decimal

# The tables below are laid out one row per line or so, as a reader of the law checks them.
# fmt: off
LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND152 = "Nghị định số 152/2025/NĐ-CP"
BASE_DOCS = ["request_letter", "achievement_report", "council_minutes"]
CSTD_DOCS = [*BASE_DOCS, "initiative_proof"]

# code, name, kind, level, (individual, collective, household), decided_by, needs_council, threshold,
# disclosure days (0 = none), coefficient individual, coefficient collective, legal basis, central, documents
AWARDS = [
    ("LDTT", "Lao động tiên tiến", "title", "unit", (1, 0, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0, "0.3", "0",
     f"{LAW}, Điều 24; {ND152}", False, BASE_DOCS),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", "unit", (1, 0, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, 80, 0, "1.0", "0",
     f"{LAW}, Điều 23; {ND152}", False, CSTD_DOCS),
    ("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "title", "province", (1, 0, 0),
     "Chủ tịch UBND tỉnh", True, 90, 0, "3.0", "0",
     f"{LAW}, Điều 22; {ND152}", False, CSTD_DOCS),
    ("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "title", "central", (1, 0, 0),
     "Thủ tướng Chính phủ", True, 90, 10, "4.5", "0",
     f"{LAW}, Điều 21; {ND152}", True, CSTD_DOCS),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", "unit", (0, 1, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0, "0", "0.8",
     f"{LAW}, Điều 28; {ND152}", False, BASE_DOCS),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", "province", (0, 1, 0),
     "Chủ tịch UBND tỉnh", False, None, 0, "0", "1.5",
     f"{LAW}, Điều 27; {ND152}", False, BASE_DOCS),
    ("CTDT", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "province", (0, 1, 0),
     "Chủ tịch UBND tỉnh", True, 80, 0, "0", "4.5",
     f"{LAW}, Điều 26; {ND152}", False, BASE_DOCS),
    ("CTDCP", "Cờ thi đua của Chính phủ", "title", "central", (0, 1, 0),
     "Thủ tướng Chính phủ", True, 80, 0, "0", "12.0",
     f"{LAW}, Điều 25; {ND152}", True, BASE_DOCS),
    ("BKT", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "commendation", "province", (1, 1, 1),
     "Chủ tịch UBND tỉnh", False, None, 0, "1.5", "3.0",
     f"{LAW}, Điều 74; {ND152}, Điều 50–54", False, BASE_DOCS),
    ("BKTTG", "Bằng khen của Thủ tướng Chính phủ", "commendation", "central", (1, 1, 1),
     "Thủ tướng Chính phủ", True, 80, 0, "2.5", "5.0",
     f"{LAW}, Điều 71; {ND152}", True, BASE_DOCS),
    ("GK", "Giấy khen", "commendation", "unit", (1, 1, 1),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0, "0.3", "0.6",
     f"{LAW}, Điều 75; {ND152}", False, BASE_DOCS),
    ("HCLD3", "Huân chương Lao động hạng Ba", "commendation", "central", (1, 1, 0),
     "Chủ tịch nước", True, 90, 10, "4.5", "9.0",
     f"{LAW}, Điều 47; {ND152}", True, BASE_DOCS),
]

NO_COUNT = {"kind": "exclude_award_types", "params": {"types": ["sudden", "campaign"]},
            "description": "Không tính khen thưởng đột xuất, theo phong trào, chuyên đề"}


def no_discipline(level):
    label = {"reprimand": "khiển trách", "warning": "cảnh cáo"}[level]
    return {"kind": "no_discipline", "params": {"level": level},
            "description": f"Không bị kỷ luật từ hình thức {label} trở lên"}


# award code, name, legal basis, valid from, valid to, rules
RULE_SETS = [
    ("LDTT", "Tiêu chuẩn Lao động tiên tiến", f"{LAW}, Điều 24", date(2024, 1, 1), None,
     [no_discipline("reprimand")]),
    ("CSTDCS", "Tiêu chuẩn Chiến sĩ thi đua cơ sở", f"{LAW}, Điều 23", date(2024, 1, 1), None,
     [{"kind": "initiative", "params": {"level": "unit", "count": 1, "years": 1},
       "description": "Có sáng kiến được công nhận trong năm"},
      no_discipline("reprimand")]),
    ("CSTDT", "Tiêu chuẩn Chiến sĩ thi đua cấp tỉnh", f"{LAW}, Điều 22", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "CSTDCS", "years": 3, "include_current": True},
       "description": "3 lần liên tục đạt Chiến sĩ thi đua cơ sở"},
      {"kind": "initiative", "params": {"level": "province", "count": 1, "years": 3},
       "description": "Có sáng kiến có hiệu quả, ảnh hưởng trong phạm vi tỉnh"},
      no_discipline("reprimand")]),
    ("CSTDTQ", "Tiêu chuẩn Chiến sĩ thi đua toàn quốc", f"{LAW}, Điều 21", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "CSTDT", "years": 2, "include_current": True},
       "description": "2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh"},
      {"kind": "initiative", "params": {"level": "national", "count": 1, "years": 6},
       "description": "Có sáng kiến có hiệu quả, ảnh hưởng trong phạm vi toàn quốc"},
      no_discipline("reprimand")]),
    ("TTLDTT", "Tiêu chuẩn Tập thể lao động tiên tiến", f"{LAW}, Điều 28", date(2024, 1, 1), None,
     [{"kind": "member_share", "params": {"award": "LDTT", "percent": 70},
       "description": "Ít nhất 70% thành viên đạt Lao động tiên tiến"},
      no_discipline("warning")]),
    ("TTLDXS", "Tiêu chuẩn Tập thể lao động xuất sắc", f"{LAW}, Điều 27", date(2024, 1, 1), None,
     [{"kind": "member_share", "params": {"award": "LDTT", "percent": 70},
       "description": "Ít nhất 70% thành viên đạt Lao động tiên tiến"},
      {"kind": "member_share", "params": {"award": "CSTDCS", "count": 1},
       "description": "Có cá nhân đạt Chiến sĩ thi đua cơ sở"},
      no_discipline("warning")]),
    ("CTDT", "Tiêu chuẩn Cờ thi đua của UBND tỉnh", f"{LAW}, Điều 26", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "quota", "params": {"scope": "unit", "max": 1},
       "description": "Mỗi đơn vị tối đa 1 Cờ thi đua trong năm"},
      no_discipline("warning")]),
    ("CTDCP", "Tiêu chuẩn Cờ thi đua của Chính phủ", f"{LAW}, Điều 25", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "CTDT", "years": 1, "include_current": True},
       "description": "Đã đạt Cờ thi đua của UBND tỉnh"},
      no_discipline("warning")]),
    # Before the 2022 law took effect (Nghị định 91/2017/NĐ-CP, Điều 39): two years of
    # Lao động tiên tiến were enough [assume]; kept so older dossiers are judged by their own rules.
    ("BKT", "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh (NĐ 91/2017)", "Nghị định số 91/2017/NĐ-CP, Điều 39",
     date(2017, 10, 15), date(2023, 12, 31),
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "LDTT", "years": 2, "include_current": False},
       "description": "2 năm liên tục hoàn thành tốt nhiệm vụ (Lao động tiên tiến)"},
      no_discipline("reprimand")]),
    ("BKT", "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh", f"{LAW}, Điều 74", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "CSTDCS", "years": 2, "include_current": False},
       "group": 1, "description": "2 năm liên tục đạt Chiến sĩ thi đua cơ sở"},
      {"kind": "initiative", "params": {"level": "unit", "count": 2, "years": 2},
       "group": 1, "description": "2 sáng kiến được công nhận trong 2 năm"},
      no_discipline("reprimand")]),
    ("BKTTG", "Tiêu chuẩn Bằng khen của Thủ tướng Chính phủ", f"{LAW}, Điều 71", date(2024, 1, 1), None,
     [NO_COUNT,
      {"kind": "consecutive_titles", "params": {"award": "BKT", "years": 1, "include_current": False},
       "description": "Đã được tặng Bằng khen của Chủ tịch UBND tỉnh"},
      no_discipline("reprimand")]),
    ("GK", "Tiêu chuẩn Giấy khen", f"{LAW}, Điều 75", date(2024, 1, 1), None,
     [no_discipline("reprimand")]),
    ("HCLD3", "Tiêu chuẩn Huân chương Lao động hạng Ba", f"{LAW}, Điều 47", date(2024, 1, 1), None,
     [NO_COUNT, no_discipline("reprimand")]),
]

# Vietnamese public holidays on weekdays (civil-service calendar) [assume: check each year's notice].
HOLIDAYS = [
    ("2024-01-01", "Tết Dương lịch"),
    *[(f"2024-02-{d:02d}", "Tết Nguyên đán") for d in (8, 9, 12, 13, 14)],
    ("2024-04-18", "Giỗ Tổ Hùng Vương"),
    ("2024-04-29", "Nghỉ bù"),
    ("2024-04-30", "Ngày Giải phóng miền Nam"),
    ("2024-05-01", "Quốc tế Lao động"),
    ("2024-09-02", "Quốc khánh"),
    ("2024-09-03", "Quốc khánh"),
    ("2025-01-01", "Tết Dương lịch"),
    *[(f"2025-01-{d:02d}", "Tết Nguyên đán") for d in (27, 28, 29, 30, 31)],
    ("2025-04-07", "Giỗ Tổ Hùng Vương"),
    ("2025-04-30", "Ngày Giải phóng miền Nam"),
    ("2025-05-01", "Quốc tế Lao động"),
    ("2025-05-02", "Nghỉ bù"),
    ("2025-09-01", "Quốc khánh"),
    ("2025-09-02", "Quốc khánh"),
    ("2026-01-01", "Tết Dương lịch"),
    *[(f"2026-02-{d:02d}", "Tết Nguyên đán") for d in (16, 17, 18, 19, 20)],
    ("2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Giải phóng miền Nam"),
    ("2026-05-01", "Quốc tế Lao động"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
]

PROCESSING_RULES = [
    # valid from, appraisal working days, return working days, legal basis
    (date(2024, 1, 1), 20, 5,
     "Quy chế công tác thi đua, khen thưởng cấp tỉnh (tham khảo QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh)"),
]

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

# fmt: on


def seed(apps) -> None:
    """Insert the reference rows that are missing (``apps``: the app registry or a migration's state)."""
    Award = apps.get_model("awards", "Award")
    RuleSet = apps.get_model("awards", "RuleSet")
    Rule = apps.get_model("awards", "Rule")
    Holiday = apps.get_model("awards", "Holiday")
    ProcessingRule = apps.get_model("awards", "ProcessingRule")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    DecisionTemplate = apps.get_model("awards", "DecisionTemplate")
    for order, row in enumerate(AWARDS, start=1):
        (
            code,
            name,
            kind,
            level,
            (ind, col, hh),
            decided_by,
            council,
            threshold,
            disclosure,
            coef_i,
            coef_c,
            basis,
            central,
            docs,
        ) = row
        Award.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "for_individual": bool(ind),
                "for_collective": bool(col),
                "for_household": bool(hh),
                "decided_by": decided_by,
                "needs_council": council,
                "council_threshold_percent": threshold,
                "requires_disclosure": disclosure > 0,
                "disclosure_working_days": disclosure,
                "reward_coefficient_individual": Decimal(coef_i),
                "reward_coefficient_collective": Decimal(coef_c),
                "legal_basis": basis,
                "valid_from": date(2024, 1, 1),
                "central_level": central,
                "counts_for_merit": True,
                "required_documents": docs,
                "order": order,
            },
        )
    awards = {award.code: award for award in Award.objects.all()}
    for code, name, basis, start, end, rules in RULE_SETS:
        rule_set, created = RuleSet.objects.get_or_create(
            award=awards[code], valid_from=start, defaults={"name": name, "legal_basis": basis, "valid_to": end}
        )
        if created:
            Rule.objects.bulk_create(
                Rule(
                    rule_set=rule_set,
                    kind=rule["kind"],
                    params=rule["params"],
                    group=rule.get("group", 0),
                    description=rule["description"],
                    order=order,
                )
                for order, rule in enumerate(rules, start=1)
            )
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(day=date.fromisoformat(day), defaults={"name": name})
    for valid_from, appraisal, returning, basis in PROCESSING_RULES:
        ProcessingRule.objects.get_or_create(
            valid_from=valid_from,
            defaults={"appraisal_working_days": appraisal, "return_working_days": returning, "legal_basis": basis},
        )
    for amount, valid_from, basis in SALARIES:
        BaseSalary.objects.get_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})
    for code, (subject, proposal) in TEMPLATES.items():
        if code in awards:
            DecisionTemplate.objects.get_or_create(
                award=awards[code],
                defaults={"subject": subject, "legal_bases": BASES, "proposal": proposal, "copy_recipients": COPIES},
            )
