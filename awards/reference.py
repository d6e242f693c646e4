"""Reference data every database needs: the award catalogue with its rule sets, public holidays,
processing times, base salaries, the decision wording per award, and (at the end of the file) the
reward coefficients and submission deadlines.

It is data, not schema: it lives here rather than in migrations, and ``seed`` writes it after
every ``migrate`` (``AwardsConfig.ready`` connects it to ``post_migrate``) and into every test
database (``thiduakt.testing.ensure_reference_data``). ``seed`` only inserts what is missing, by
each row's natural key (award code, rule set's award and start date, holiday, salary's start
date, template's award, coefficient's award, kind and start date, deadline's code and start
date, citation's code and start date): whatever an administrator has edited stays as edited. A correction of
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
# disclosure days (0 = none), legal basis, central, documents (the reward coefficients are COEFFICIENTS, below)
AWARDS = [
    ("LDTT", "Lao động tiên tiến", "title", "unit", (1, 0, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0,
     f"{LAW}, Điều 24; {ND152}", False, BASE_DOCS),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", "unit", (1, 0, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, 80, 0,
     f"{LAW}, Điều 23; {ND152}", False, CSTD_DOCS),
    ("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "title", "province", (1, 0, 0),
     "Chủ tịch UBND tỉnh", True, 90, 0,
     f"{LAW}, Điều 22; {ND152}", False, CSTD_DOCS),
    ("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "title", "central", (1, 0, 0),
     "Thủ tướng Chính phủ", True, 90, 10,
     f"{LAW}, Điều 21; {ND152}", True, CSTD_DOCS),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", "unit", (0, 1, 0),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0,
     f"{LAW}, Điều 28; {ND152}", False, BASE_DOCS),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", "province", (0, 1, 0),
     "Chủ tịch UBND tỉnh", False, None, 0,
     f"{LAW}, Điều 27; {ND152}", False, BASE_DOCS),
    ("CTDT", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "province", (0, 1, 0),
     "Chủ tịch UBND tỉnh", True, 80, 0,
     f"{LAW}, Điều 26; {ND152}", False, BASE_DOCS),
    ("CTDCP", "Cờ thi đua của Chính phủ", "title", "central", (0, 1, 0),
     "Thủ tướng Chính phủ", True, 80, 0,
     f"{LAW}, Điều 25; {ND152}", True, BASE_DOCS),
    ("BKT", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "commendation", "province", (1, 1, 1),
     "Chủ tịch UBND tỉnh", False, None, 0,
     f"{LAW}, Điều 74; {ND152}, Điều 50–54", False, BASE_DOCS),
    ("BKTTG", "Bằng khen của Thủ tướng Chính phủ", "commendation", "central", (1, 1, 1),
     "Thủ tướng Chính phủ", True, 80, 0,
     f"{LAW}, Điều 71; {ND152}", True, BASE_DOCS),
    ("GK", "Giấy khen", "commendation", "unit", (1, 1, 1),
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", False, None, 0,
     f"{LAW}, Điều 75; {ND152}", False, BASE_DOCS),
    ("HCLD3", "Huân chương Lao động hạng Ba", "commendation", "central", (1, 1, 0),
     "Chủ tịch nước", True, 90, 10,
     f"{LAW}, Điều 47; {ND152}", True, BASE_DOCS),
]

# Other names the files of a province give these awards (one per line in Award.aliases; the import reads an
# award by code, name or alias, see thiduakt.readers.Catalogue). Written when the award is created, and into
# awards of an existing database with none by migration 0008; an administrator edits them afterwards.
AWARD_ALIASES = {
    "CSTDCS": ["Chiến sỹ thi đua cơ sở"],
    "CSTDT": ["Chiến sỹ thi đua cấp tỉnh", "Chiến sĩ thi đua cấp thành phố", "Chiến sỹ thi đua cấp thành phố"],
    "CSTDTQ": ["Chiến sỹ thi đua toàn quốc"],
    "CTDT": ["Cờ thi đua của Ủy ban nhân dân thành phố", "Cờ thi đua cấp tỉnh"],
    "BKT": [
        "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố",
        "Bằng khen của Ủy ban nhân dân tỉnh",
        "Bằng khen của Ủy ban nhân dân thành phố",
        "Bằng khen cấp tỉnh",
    ],
    "BKTTG": ["Bằng khen Thủ tướng", "Bằng khen của Thủ tướng"],
    "HCLD3": ["Huân chương Lao động hạng III", "Huân chương Lao động hạng 3"],
}

# ---------------------------------------------------------------------------
# Eligibility rule sets (docs/awards-law.md maps each rule to its article and its test)
# ---------------------------------------------------------------------------
# The Law's conditions are the same under both decrees; the sets differ by the decree they cite
# (its Điều 4: what does not count, discipline, matters pending) and by their dates. A dossier is
# judged by the set in force on the day it was first received (awards.eligibility.judging_day):
# NĐ 98/2023 up to 30/06/2025, NĐ 152/2025 from 01/07/2025 (NĐ 152 Điều 59; Điều 60 khoản 3 keeps
# dossiers received before under NĐ 98, as the Ministry applies it: docs/law-verdicts.md §5.8).
ND98 = "Nghị định số 98/2023/NĐ-CP"
L = "Luật TĐKT"
IND, COL, HH = "individual", "collective", "household"
ALL_LAUNCHERS = ["prime_minister", "ministry", "provincial_committee", "provincial_chair", "unit"]
DECREES = [
    # short name, legal basis of the set, valid from, valid to
    ("NĐ 98/2023", f"{ND98}, Điều 4 (hồ sơ tiếp nhận đến hết 30/06/2025: {ND152}, Điều 59 khoản 2, Điều 60 khoản 3)",
     date(2024, 1, 1), date(2025, 6, 30)),
    ("NĐ 152/2025", f"{ND152}, Điều 4 (hồ sơ tiếp nhận từ 01/07/2025: Điều 59 khoản 1)",
     date(2025, 7, 1), None),
]


def rule(kind, description, group=0, **params):
    return {"kind": kind, "params": params, "group": group, "description": description}


def no_count(nd):
    return rule("exclude_award_types",
                f"Không tính khen thưởng đột xuất, theo phong trào, chuyên đề ({nd} Điều 4 khoản 3)",
                types=["sudden", "campaign"])


def no_discipline(nd, level="reprimand", years=1, **params):
    label = {"reprimand": "khiển trách", "warning": "cảnh cáo"}[level]
    return rule("no_discipline", f"Không bị kỷ luật từ hình thức {label} trở lên trong thời gian tính thành tích, "
                f"đến khi chấp hành xong ({nd} Điều 4 khoản 4)", level=level, years=years, default_months=12, **params)


def members_no_discipline(article):
    return rule("no_discipline", f"Không bị kỷ luật: không có cá nhân trong tập thể bị kỷ luật từ hình thức cảnh cáo "
                f"trở lên ({L} {article})", level="warning", years=1, default_months=12)


def no_pending(nd):
    return rule("no_pending_matter", "Không đang bị xem xét thi hành kỷ luật, điều tra, thanh tra, kiểm tra, "
                f"giải quyết khiếu nại, tố cáo ({nd} Điều 4 khoản 4)", **{"for": [IND, COL]})


def confirmed(fact, description, group=0, recipients=(IND,), **params):
    return rule("confirmed", description, group, fact=fact, **{"for": list(recipients)}, **params)


def ldtt(nd):
    return [rule("task_rating", f"Hoàn thành tốt nhiệm vụ trở lên trong năm ({L} Điều 24 khoản 1 điểm a)",
                 rating="good", years=1),
            no_discipline(nd), no_pending(nd)]


def cstdcs(nd):
    return [rule("consecutive_titles", f"Đạt danh hiệu Lao động tiên tiến cùng năm ({L} Điều 23 khoản 1)",
                 award="LDTT", years=1, include_current=True),
            rule("initiative", f"Có sáng kiến được cơ sở công nhận trong năm ({L} Điều 23 khoản 2)", 1,
                 level="unit", count=1, years=1),
            rule("task_rating", f"Hoàn thành xuất sắc nhiệm vụ trong năm, có văn bản xác nhận ({L} Điều 23 khoản 2)", 1,
                 rating="excellent", years=1),
            no_discipline(nd), no_pending(nd)]


def cstdt(nd):
    return [no_count(nd),
            rule("consecutive_titles", "3 lần liên tục đạt Chiến sĩ thi đua cơ sở, chưa tính cho lần Chiến sĩ thi đua "
                 f"cấp tỉnh trước ({L} Điều 22 khoản 1 điểm a; Điều 5 khoản 2 điểm c)",
                 award="CSTDCS", years=3, include_current=True, after_last="CSTDT"),
            rule("initiative", "Có sáng kiến có hiệu quả, ảnh hưởng trong phạm vi tỉnh, được Chủ tịch UBND tỉnh công "
                 f"nhận ({L} Điều 22 khoản 1 điểm b, khoản 2)", level="province", count=1, years=3),
            no_discipline(nd, years=3), no_pending(nd)]


def cstdtq(nd):
    return [no_count(nd),
            rule("title_cycles", "2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh, mỗi lần một chu kỳ 3 năm "
                 f"({L} Điều 21 khoản 1 điểm a; Điều 22)", award="CSTDT", times=2, cycle_years=3, include_current=True),
            rule("initiative", "Có sáng kiến có hiệu quả, ảnh hưởng trong phạm vi toàn quốc "
                 f"({L} Điều 21 khoản 1 điểm b, khoản 2)", level="national", count=1, years=6),
            no_discipline(nd, years=6), no_pending(nd)]


def ttldtt(nd):
    return [rule("member_share", f"Ít nhất 70% thành viên đạt Lao động tiên tiến ({L} Điều 28)",
                 award="LDTT", percent=70),
            members_no_discipline("Điều 28"), no_pending(nd)]


def ttldxs(nd):
    return [rule("member_share", f"Ít nhất 70% thành viên đạt Lao động tiên tiến ({L} Điều 27)",
                 award="LDTT", percent=70),
            rule("member_share", f"Có cá nhân đạt Chiến sĩ thi đua cơ sở ({L} Điều 27)", award="CSTDCS", count=1),
            members_no_discipline("Điều 27"), no_pending(nd)]


def ctdt(nd):
    return [no_count(nd),
            rule("quota", "Mỗi đơn vị tối đa 1 Cờ thi đua trong năm [giả định: quy chế của tỉnh]", scope="unit", max=1),
            members_no_discipline("Điều 26 [giả định: tiêu chuẩn thành viên chưa đối chiếu]"), no_pending(nd)]


def ctdcp(nd):
    return [no_count(nd),
            rule("consecutive_titles", "Đã đạt Cờ thi đua của UBND tỉnh [giả định: tiêu chuẩn Luật TĐKT Điều 25 chưa "
                 "đối chiếu]", award="CTDT", years=1, include_current=True),
            members_no_discipline("Điều 25 [giả định]"), no_pending(nd)]


def bkt(nd):
    a = f"{L} Điều 74 khoản 1"
    c = f"{L} Điều 74 khoản 3"
    return [
        no_count(nd),
        # Individuals (khoản 1, 2): one of the alternatives of group 1.
        confirmed("campaign_result", f"Có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động "
                  f"({a} điểm a)", 1, applies_if="campaign"),
        confirmed("sudden_achievement", "Lập được nhiều thành tích hoặc thành tích đột xuất, có phạm vi ảnh hưởng "
                  f"trong tỉnh ({a} điểm b)", 1),
        confirmed("contribution", "Có đóng góp vào sự phát triển kinh tế - xã hội, khoa học, kỹ thuật, công tác xã "
                  f"hội, từ thiện nhân đạo ({a} điểm c)", 1),
        rule("consecutive_titles", f"02 lần liên tục đạt Chiến sĩ thi đua cơ sở ({a} điểm d)", 1,
             award="CSTDCS", years=2, include_current=True, or_previous=True, **{"for": [IND]}),
        rule("all_of", "Liên tục từ 02 năm trở lên hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến "
             f"được công nhận, áp dụng hiệu quả trong phạm vi cơ sở ({a} điểm d)", 1, **{"for": [IND]}, rules=[
                 rule("task_rating", "Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục", rating="excellent", years=2),
                 rule("initiative", "02 sáng kiến được công nhận trong 2 năm", level="unit", count=2, years=2)]),
        confirmed("worker_achievements", "Công nhân, nông dân, người lao động lập được nhiều thành tích trong lao "
                  f"động, sản xuất, ảnh hưởng trong cấp xã, cơ quan, đơn vị ({a} điểm đ)", 1,
                  applies_if="direct_worker"),
        confirmed("province_recognised", "Doanh nhân, trí thức, nhà khoa học có thành tích đóng góp vào sự phát triển "
                  f"của tỉnh được tỉnh công nhận ({L} Điều 74 khoản 2)", 1),
        no_discipline(nd, **{"for": [IND]}),
        # Collectives (khoản 3): internal unity and one of the alternatives of group 2.
        confirmed("internal_unity", f"Nội bộ đoàn kết, gương mẫu chấp hành tốt chủ trương, chính sách, pháp luật ({c})",
                  recipients=(COL,)),
        confirmed("campaign_result", f"Tập thể có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh "
                  f"phát động ({c} điểm a)", 2, recipients=(COL,), applies_if="campaign"),
        confirmed("sudden_achievement", f"Tập thể lập được thành tích xuất sắc đột xuất ({c} điểm b)", 2,
                  recipients=(COL,)),
        confirmed("contribution", f"Tập thể có đóng góp vào sự phát triển kinh tế - xã hội ({c} điểm c)", 2,
                  recipients=(COL,)),
        rule("all_of", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc, thực hiện "
             "tốt dân chủ ở cơ sở, phong trào thi đua, chăm lo đời sống, tiết kiệm, phòng, chống tham nhũng "
             f"({c} điểm d)", 2,
             **{"for": [COL]}, rules=[
                 rule("task_rating", "Mỗi năm hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc",
                      rating="excellent", years=2, or_award="TTLDXS"),
                 rule("confirmed", "Dân chủ ở cơ sở, phong trào thi đua, đời sống, tiết kiệm, phòng, chống tham nhũng",
                      fact="collective_practices")]),
        # Households (khoản 4).
        confirmed("household_contribution", "Hộ gia đình gương mẫu chấp hành tốt chủ trương, chính sách, pháp luật, có "
                  f"nhiều đóng góp về công sức, đất đai và tài sản cho địa phương, xã hội ({L} Điều 74 khoản 4)",
                  recipients=(HH,)),
        no_pending(nd),
    ]


def bkttg(nd):
    return [no_count(nd),
            rule("consecutive_titles", "Đã được tặng Bằng khen của Chủ tịch UBND tỉnh [giả định: tiêu chuẩn của Luật "
                 "TĐKT chưa đối chiếu]", award="BKT", years=1, include_current=False),
            no_discipline(nd), no_pending(nd)]


def gk(nd):
    # Luật TĐKT Điều 75, as Bắc Ninh QĐ 86/2025 Điều 4 khoản 3 copies it (docs/law-verdicts.md §2.4).
    k = f"{L} Điều 75"
    return [rule("task_rating", f"Hoàn thành tốt nhiệm vụ trở lên trong năm ({k})", rating="good", years=1,
                 **{"for": [IND, COL]}),
            confirmed("internal_unity", f"Nội bộ đoàn kết ({k})", recipients=(COL,)),
            confirmed("campaign_result", f"Có thành tích được bình xét trong phong trào thi đua ({k})", 1,
                      recipients=(IND, COL, HH), applies_if="campaign", launchers=ALL_LAUNCHERS),
            confirmed("sudden_achievement", f"Lập được nhiều thành tích hoặc thành tích đột xuất ({k})", 1,
                      recipients=(IND, COL)),
            confirmed("household_contribution", f"Hộ gia đình có đóng góp về công sức, đất đai, tài sản ({k})", 1,
                      recipients=(HH,)),
            no_discipline(nd, **{"for": [IND]}), no_pending(nd)]


def hcld3(nd):
    # The Law's conditions for Huân chương Lao động hạng Ba were not read: only what bars it.
    return [no_count(nd), no_discipline(nd), no_pending(nd)]


# award code, name of the set, the Law's article, the rules under a decree
TITLES = [
    ("LDTT", "Tiêu chuẩn Lao động tiên tiến", "Điều 24", ldtt),
    ("CSTDCS", "Tiêu chuẩn Chiến sĩ thi đua cơ sở", "Điều 23", cstdcs),
    ("CSTDT", "Tiêu chuẩn Chiến sĩ thi đua cấp tỉnh", "Điều 22", cstdt),
    ("CSTDTQ", "Tiêu chuẩn Chiến sĩ thi đua toàn quốc", "Điều 21", cstdtq),
    ("TTLDTT", "Tiêu chuẩn Tập thể lao động tiên tiến", "Điều 28", ttldtt),
    ("TTLDXS", "Tiêu chuẩn Tập thể lao động xuất sắc", "Điều 27", ttldxs),
    ("CTDT", "Tiêu chuẩn Cờ thi đua của UBND tỉnh", "Điều 26", ctdt),
    ("CTDCP", "Tiêu chuẩn Cờ thi đua của Chính phủ", "Điều 25", ctdcp),
    ("BKT", "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh", "Điều 74", bkt),
    ("BKTTG", "Tiêu chuẩn Bằng khen của Thủ tướng Chính phủ", "Điều 71", bkttg),
    ("GK", "Tiêu chuẩn Giấy khen", "Điều 75", gk),
    ("HCLD3", "Tiêu chuẩn Huân chương Lao động hạng Ba", "Điều 47", hcld3),
]

# award code, name, legal basis, valid from, valid to, rules
RULE_SETS = [
    # Before the 2022 law took effect (Nghị định 91/2017/NĐ-CP, Điều 39): two years of
    # Lao động tiên tiến were enough [assume]; kept so older dossiers are judged by their own rules.
    ("BKT", "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh (NĐ 91/2017)", "Nghị định số 91/2017/NĐ-CP, Điều 39",
     date(2017, 10, 15), date(2023, 12, 31),
     [{"kind": "exclude_award_types", "params": {"types": ["sudden", "campaign"]},
       "description": "Không tính khen thưởng đột xuất, theo phong trào, chuyên đề"},
      {"kind": "consecutive_titles", "params": {"award": "LDTT", "years": 2, "include_current": False},
       "description": "2 năm liên tục hoàn thành tốt nhiệm vụ (Lao động tiên tiến)"},
      {"kind": "no_discipline", "params": {"level": "reprimand"},
       "description": "Không bị kỷ luật từ hình thức khiển trách trở lên"}]),
    *[(code, f"{name} ({short})", f"{LAW}, {article}; {basis}", start, end, build(short))
      for code, name, article, build in TITLES
      for short, basis, start, end in DECREES],
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
     "Nghị định số 98/2023/NĐ-CP, Điều 32 khoản 2 (20 ngày làm việc kể từ ngày nhận đủ hồ sơ); Quyết định số "
     "638/QĐ-BNV năm 2025 (thủ tục cấp địa phương); 05 ngày làm việc trả hồ sơ: giả định theo Quyết định số "
     "311/QĐ-BNV năm 2025"),
]

SALARIES = [
    (1_800_000, date(2023, 7, 1), "Nghị định số 24/2023/NĐ-CP"),
    (2_340_000, date(2024, 7, 1), "Nghị định số 73/2024/NĐ-CP, Điều 3 khoản 2"),
    (2_530_000, date(2026, 7, 1), "Mức lương cơ sở mới từ ngày 01/7/2026 [giả định: chưa đọc được nghị định]"),
]

# A template's own "Căn cứ" lines: none. The laws, decrees and the province's regulation come from CITATIONS
# (end of file) by the decision's date. The proposal line is completed by the decision with "tại Tờ trình số
# …/TTr-SNV ngày …" (awards.jobs.proposal_line).
BASES = ""
COUNCIL = "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh)"
PROPOSAL = "Xét đề nghị của Giám đốc Sở Nội vụ"
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
            basis,
            central,
            docs,
        ) = row
        Award.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "aliases": "\n".join(AWARD_ALIASES.get(code, [])),
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
    seed_money_and_deadlines(apps)
    seed_citations(apps)


# ---------------------------------------------------------------------------
# Reward coefficients (× the base salary), per award and kind of recipient, per decree
# ---------------------------------------------------------------------------
# docs/law-money-documents.md §1.2; docs/awards-law.md "## Tiền thưởng" maps each row to its test.
# A household is paid 1,5 × the individual rate under NĐ 152/2025 (held here already multiplied, so the
# amount is rounded once); NĐ 98/2023's values for Bằng khen and households were not read in the text
# ("chưa đối chiếu"): they are NĐ 91/2017's, kept as data until someone reads Điều 58 on vbpl.vn.
# fmt: off
ND98_FROM, ND98_TO, ND152_FROM = date(2024, 1, 1), date(2025, 6, 30), date(2025, 7, 1)
NOT_READ = "[chưa đối chiếu văn bản: mức của Nghị định số 91/2017/NĐ-CP]"
HOUSEHOLD_152 = "Điều 54 (hộ gia đình: 1,5 lần mức tiền thưởng cá nhân) [khoản chưa đối chiếu]"

# award code, recipient kind, NĐ 98/2023 coefficient and article, NĐ 152/2025 coefficient and article
COEFFICIENT_TABLE = [
    ("LDTT", IND, "0.3", "Điều 54 khoản 1 điểm d", "0.3", "Điều 50 khoản 1 điểm d"),
    ("CSTDCS", IND, "1.0", "Điều 54 khoản 1 điểm c", "1.0", "Điều 50 khoản 1 điểm c"),
    ("CSTDT", IND, "3.0", "Điều 54 khoản 1 điểm b", "3.0", "Điều 50 khoản 1 điểm b"),
    ("CSTDTQ", IND, "4.5", "Điều 54 khoản 1 điểm a", "4.5", "Điều 50 khoản 1 điểm a"),
    ("TTLDTT", COL, "0.8", "Điều 54 khoản 2 điểm b", "0.8", "Điều 50 khoản 2 điểm b"),
    ("TTLDXS", COL, "1.5", "Điều 54 khoản 2 điểm a", "1.5", "Điều 50 khoản 2 điểm a"),
    ("CTDT", COL, "8.0", "Điều 54 khoản 2 điểm e", "8.0", "Điều 50 khoản 2 điểm e"),
    ("CTDCP", COL, "12.0", "Điều 54 khoản 2 điểm đ", "12.0", "Điều 50 khoản 2 điểm đ"),
    ("BKT", IND, "1.0", f"Điều 58 khoản 1 điểm b {NOT_READ}", "1.5", "Điều 54 khoản 1 điểm b"),
    ("BKT", COL, "2.0", f"Điều 58 khoản 2 (gấp hai lần cá nhân) {NOT_READ}", "3.0", "Điều 54 khoản 2"),
    ("BKT", HH, "1.0", f"Điều 58 (hộ gia đình: bằng mức cá nhân) {NOT_READ}", "2.25", HOUSEHOLD_152),
    ("BKTTG", IND, "3.5", f"Điều 58 khoản 1 điểm a {NOT_READ}", "3.5", "Điều 54 khoản 1 điểm a"),
    ("BKTTG", COL, "7.0", f"Điều 58 khoản 2 (gấp hai lần cá nhân) {NOT_READ}", "7.0", "Điều 54 khoản 2"),
    ("BKTTG", HH, "3.5", f"Điều 58 (hộ gia đình: bằng mức cá nhân) {NOT_READ}", "5.25", HOUSEHOLD_152),
    ("GK", IND, "0.3", "Điều 58 khoản 1 điểm e (Giấy khen của Chủ tịch UBND cấp xã: 0,15, điểm g, chưa tách)",
     "0.3", "Điều 54 khoản 1 điểm e"),
    ("GK", COL, "0.6", "Điều 58 khoản 2 điểm c (gấp hai lần điểm e khoản 1)", "0.6", "Điều 54 khoản 2"),
    ("GK", HH, "0.3", f"Điều 58 (hộ gia đình: bằng mức cá nhân) {NOT_READ}", "0.45", HOUSEHOLD_152),
    ("HCLD3", IND, "4.5", "Điều 55 khoản 1 điểm h", "4.5", "Điều 51 khoản 1 điểm h"),
    ("HCLD3", COL, "9.0", "Điều 55 khoản 2 (gấp hai lần cá nhân)", "9.0", "Điều 51 khoản 2"),
]

# award code, recipient kind, coefficient, valid from, valid to, legal basis
COEFFICIENTS = [
    row
    for code, kind, c98, a98, c152, a152 in COEFFICIENT_TABLE
    for row in ((code, kind, Decimal(c98), ND98_FROM, ND98_TO, f"{ND98}, {a98}"),
                (code, kind, Decimal(c152), ND152_FROM, None, f"{ND152}, {a152}"))
]

# ---------------------------------------------------------------------------
# Submission deadlines (docs/law-verdicts.md §5; docs/awards-law.md "## Thời hạn")
# ---------------------------------------------------------------------------
# The province's deadlines are its own regulation's. The demo province's was not read: these follow Bắc
# Ninh's QĐ 86/2025/QĐ-UBND (in force 15/12/2025), so earlier rounds have no deadline row. The deadlines at
# the Ministry are NĐ 98/2023 Điều 32 khoản 1; NĐ 152/2025's equivalent was not read, so the same days are
# kept after 01/07/2025 and marked as an assumption.
BAC_NINH = "Quy định công tác thi đua, khen thưởng của tỉnh [giả định: theo Quyết định số 86/2025/QĐ-UBND tỉnh Bắc Ninh"
ND152_NOT_READ = "[giả định: điều tương ứng của Nghị định số 152/2025/NĐ-CP chưa đối chiếu; giữ hạn của"

# code, kind, award code, name, day, month, year offset, days before, inclusive, valid from, valid to, basis
DEADLINES = [
    ("yearly", "yearly", None, "Hồ sơ tổng kết năm gửi Sở Nội vụ trước ngày 10/12", 10, 12, 0, None, False,
     date(2025, 12, 15), None, f"{BAC_NINH}, Điều 6 khoản 2: «trước ngày 10/12 hằng năm»]"),
    ("campaign_review", "campaign_review", None,
     "Hồ sơ khen thưởng sơ kết, tổng kết phong trào gửi Sở Nội vụ trước ngày tổ chức 10 ngày", None, None, 0, 10,
     True, date(2025, 12, 15), None, f"{BAC_NINH}, Điều 6 khoản 1: «trước 10 ngày (trừ khen thưởng đột xuất)»]"),
    ("central-ctdcp", "central", "CTDCP", "Cờ thi đua của Chính phủ: tỉnh trình Bộ Nội vụ chậm nhất ngày 30/6",
     30, 6, 1, None, True, ND98_FROM, ND98_TO, f"{ND98}, Điều 32 khoản 1 điểm b"),
    ("central-ctdcp", "central", "CTDCP", "Cờ thi đua của Chính phủ: tỉnh trình Bộ Nội vụ chậm nhất ngày 30/6",
     30, 6, 1, None, True, ND152_FROM, None, f"{ND152_NOT_READ} {ND98}, Điều 32 khoản 1 điểm b]"),
    ("central-cstdtq", "central", "CSTDTQ", "Chiến sĩ thi đua toàn quốc: tỉnh trình chậm nhất ngày 31/12 năm liền kề",
     31, 12, 1, None, True, ND98_FROM, ND98_TO, f"{ND98}, Điều 32 khoản 1 điểm a"),
    ("central-cstdtq", "central", "CSTDTQ", "Chiến sĩ thi đua toàn quốc: tỉnh trình chậm nhất ngày 31/12 năm liền kề",
     31, 12, 1, None, True, ND152_FROM, None, f"{ND152_NOT_READ} {ND98}, Điều 32 khoản 1 điểm a]"),
]
# fmt: on


def seed_money_and_deadlines(apps) -> None:
    """Insert the missing reward coefficients and submission deadlines (natural keys: award, kind and start;
    code and start)."""
    Award = apps.get_model("awards", "Award")
    RewardCoefficient = apps.get_model("awards", "RewardCoefficient")
    SubmissionDeadline = apps.get_model("awards", "SubmissionDeadline")
    awards = {award.code: award for award in Award.objects.all()}
    for code, kind, coefficient, valid_from, valid_to, basis in COEFFICIENTS:
        if code in awards:
            RewardCoefficient.objects.get_or_create(
                award=awards[code],
                recipient_kind=kind,
                valid_from=valid_from,
                defaults={"coefficient": coefficient, "valid_to": valid_to, "legal_basis": basis},
            )
    for code, kind, award, name, day, month, offset, before, inclusive, valid_from, valid_to, basis in DEADLINES:
        if award and award not in awards:
            continue
        SubmissionDeadline.objects.get_or_create(
            code=code,
            valid_from=valid_from,
            defaults={
                "kind": kind,
                "award": awards.get(award),
                "name": name,
                "day": day,
                "month": month,
                "year_offset": offset,
                "days_before": before,
                "inclusive": inclusive,
                "valid_to": valid_to,
                "legal_basis": basis,
            },
        )


# ---------------------------------------------------------------------------
# Legal citations of award decisions ("Căn cứ …"), by the decision's date
# ---------------------------------------------------------------------------
# docs/law-money-documents.md §3 (lists A–D); docs/awards-law.md "## Quyết định" maps each row to its test.
# NĐ 30/2020 Annex I II.6 a: a law is cited by its name and date only, a decree by number, date, issuer and
# full title. Each row is in force from ``valid_from`` to ``valid_to`` (inclusive); a decision takes the rows
# in force on its date, in ``order``. The text carries no final ";" or ".": the decision adds them.
# fmt: off
LTCCQDP = "Luật Tổ chức chính quyền địa phương"

# code, kind, order, text, valid from, valid to, source (how sure: docs/law-money-documents.md marks)
CITATIONS = [
    ("luat-tccqdp", "law", 10, f"Căn cứ {LTCCQDP} ngày 19 tháng 6 năm 2015",
     date(2016, 1, 1), date(2025, 2, 28),
     "Luật số 77/2015/QH13; thay bằng Luật số 65/2025/QH15 từ 01/3/2025 [practice: QĐ 11/2024/QĐ-UBND Đồng Tháp]"),
    ("luat-tccp-tccqdp-2019", "law", 11,
     f"Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và {LTCCQDP} ngày 22 tháng 11 năm 2019",
     date(2020, 7, 1), date(2025, 2, 28),
     "Luật số 47/2019/QH14; hết áp dụng cùng Luật 2015 [practice: QĐ 11/2024/QĐ-UBND Đồng Tháp]"),
    ("luat-tccqdp", "law", 10, f"Căn cứ {LTCCQDP} ngày 19 tháng 02 năm 2025",
     date(2025, 3, 1), date(2025, 6, 15),
     "Luật số 65/2025/QH15 [text: phần đầu văn bản]; hiệu lực 01/3/2025 [quoted]"),
    ("luat-tccqdp", "law", 10, f"Căn cứ {LTCCQDP} ngày 16 tháng 6 năm 2025",
     date(2025, 6, 16), None,
     "Luật số 72/2025/QH15 [text: Công báo số 807+808]; hiệu lực 16/6/2025 [unverified: một nguồn; đối chiếu "
     "điều khoản hiệu lực, nếu là 01/7/2025 thì dời ngày bắt đầu]"),
    ("luat-tdkt", "law", 20, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
     date(2024, 1, 1), None,
     "Luật số 06/2022/QH15, hiệu lực 01/01/2024"),
    ("nd-tdkt", "decree", 30,
     "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
     "điều của Luật Thi đua, khen thưởng",
     date(2024, 1, 1), date(2025, 6, 30),
     "Nghị định số 98/2023/NĐ-CP, thay bằng Nghị định số 152/2025/NĐ-CP từ 01/7/2025 [text]"),
    ("nd-tdkt", "decree", 30,
     "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền "
     "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, "
     "khen thưởng",
     date(2025, 7, 1), None,
     "Nghị định số 152/2025/NĐ-CP, hiệu lực 01/7/2025; tên đầy đủ [quoted: pbgdpl.cantho.gov.vn, baomoi]"),
    # The province's own regulation: a row per province and period, to be kept by the administrator. Hậu
    # Giang's QĐ 21/2018/QĐ-UBND (amended by QĐ 18/2020/QĐ-UBND) is the last one found; whether Hậu Giang
    # replaced it after the 2022 Law was not checked. No regulation of thành phố Cần Thơ after 01/07/2025
    # was found: none is cited until the administrator adds its row.
    ("quy-dinh-tdkt-tinh", "regulation", 50,
     "Căn cứ Quyết định số 21/2018/QĐ-UBND ngày 31 tháng 10 năm 2018 của Ủy ban nhân dân tỉnh Hậu Giang ban hành "
     "Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Hậu Giang",
     date(2018, 10, 31), date(2025, 6, 30),
     "[quoted: haugiang.gov.vn 05/11/2018; QĐ 18/2020/QĐ-UBND sửa đổi] [unverified: còn hiệu lực sau 01/01/2024, "
     "ngày hiệu lực]; hết áp dụng khi tỉnh Hậu Giang hợp nhất vào thành phố Cần Thơ (30/06/2025)"),
]
# fmt: on


def seed_citations(apps) -> None:
    """Insert the missing citation rows (natural key: code and start date); edited rows stay as edited."""
    LegalCitation = apps.get_model("awards", "LegalCitation")
    for code, kind, order, text, valid_from, valid_to, source in CITATIONS:
        LegalCitation.objects.get_or_create(
            code=code,
            valid_from=valid_from,
            defaults={"kind": kind, "order": order, "text": text, "valid_to": valid_to, "source": source},
        )
