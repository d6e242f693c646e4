"""The five thi đua, khen thưởng forms of Thông tư 02/2023/TT-BNV as data (``docs/statistics-forms.md``).

Titles, row labels, row codes, column headers and codes are the research
note's, with the vendor's typos the note lists corrected (0603 "TRỰC THUỘC",
"đối tượng", its second group numbered "2."; 0605's last code 15; 0602's Cờ
thi đua của Chính phủ counted for collectives). What each row and column
counts is given by its matcher over the facts of ``reports.statistics.counting``:

- 0601: one fact per group of campaigns: ``level`` (column: "central",
  "ministry_province", "unit"), ``scope`` ("national", "sector_local",
  "cluster", "unit"), ``duration`` (0–4, the rows 06–10), ``method``
  ("thematic", "regular");
- 0602, 0603: one fact per group of award records: ``award_id``, ``kind``
  (individual, collective, household), ``enterprise``, ``person`` (the one
  row 10–14 / 06–10 of an individual, or ""), ``award_type``, ``submitter``;
- 0604: one fact per organisation: ``level`` ("ban", "phong");
- 0605: one fact per group of officials: ``female``, ``age_band`` (0–5, or None).

The award columns of 0602 and 0603 come from our own catalogue (the
``Award`` rows), grouped by the name of each award (``award_group``), never
by a code of another system.
"""

from reports.statistics.layout import CODE, LABEL, NOT_COUNTED, UNIT, Col, FormDef, Row, every_fact, no_fact
from thiduakt.text import fold

CIRCULAR_LINE = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
RECEIPT_LINES = ("Ngày nhận báo cáo:", "Ngày 15 tháng 12 năm báo cáo")
PLACE_DATE_LINE = "…………, Ngày…...tháng …… năm ……"
PREPARER_TITLE = "Người lập biểu"
PREPARER_NOTE = "(Ký, họ tên)"
HEAD_TITLE = "Thủ trưởng đơn vị"
HEAD_NOTE = "(Ký, họ tên, đóng dấu)"


def _is(attr: str, *values):
    return lambda fact: fact.get(attr) in values


def _label_col(width: float = 46) -> Col:
    return Col("", code="A", key=LABEL, width=width)


def _code_col() -> Col:
    return Col("Mã số", code="B", key=CODE, width=7)


def _unit_col() -> Col:
    return Col("Đơn vị tính", code="C", key=UNIT, width=12)


# ---------------------------------------------------------------------------
# 0601.N — Số phong trào thi đua
# ---------------------------------------------------------------------------

DURATIONS = ["- Dưới 1 năm", "- 1 năm", "- Từ 1 năm đến dưới 3 năm", "- Từ 3 năm đến dưới 5 năm", "- Từ 5 năm trở lên"]

FORM_0601 = FormDef(
    number="0601.N",
    title="SỐ PHONG TRÀO THI ĐUA",
    unit_line="Đơn vị tính: Phong trào",
    columns=[
        _label_col(52),
        _code_col(),
        Col("Tổng số", code="1=(2+3+4)", key="total"),
        Col(
            "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
            children=[
                Col(
                    "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
                    code="2",
                    key="central",
                    match=_is("level", "central"),
                    width=18,
                ),
                Col(
                    "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
                    code="3",
                    key="ministry_province",
                    match=_is("level", "ministry_province"),
                    width=18,
                ),
                Col("Cơ quan, tổ chức, đơn vị", code="4", key="unit", match=_is("level", "unit"), width=18),
            ],
        ),
    ],
    rows=[
        Row("Tổng số", "01", match=every_fact, style="total"),
        Row("1. Chia theo phạm vi tổ chức thi đua", style="group"),
        Row("- Toàn quốc", "02", match=_is("scope", "national")),
        Row("- Bộ, ban, ngành đoàn thể, địa phương", "03", match=_is("scope", "sector_local")),
        Row(
            "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
            "04",
            match=_is("scope", "cluster"),
        ),
        Row("- Cơ quan, tổ chức, đơn vị", "05", match=_is("scope", "unit")),
        Row("2. Chia theo thời hạn thi đua", style="group"),
        *[Row(label, f"{6 + i:02d}", match=_is("duration", i)) for i, label in enumerate(DURATIONS)],
        Row("3. Chia theo phương thức tổ chức phong trào thi đua", style="group"),
        Row("- Thi đua theo chuyên đề", "11", match=_is("method", "thematic")),
        Row("- Thi đua thường xuyên hàng năm", "12", match=_is("method", "regular")),
    ],
)


# ---------------------------------------------------------------------------
# 0602.N and 0603.N — awards: the shared rows
# ---------------------------------------------------------------------------

# The individual rows, in the order of the forms; an individual is counted in the first that fits.
PERSON_ROWS = [
    ("leader_province", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
    ("leader_department", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương"),
    ("business", "+ Doanh nhân"),
    ("leader_division", "+ Các cấp lãnh đạo khác từ phó phòng trở lên"),
    (
        "direct_worker",
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
    ),
]

# The award-type rows: our AwardType values; "Kháng chiến" has no type in our data (NOT_COUNTED).
TYPE_ROWS = [
    ("- Thường xuyên", "merit"),
    ("- Chuyên đề", "campaign"),
    ("- Đột xuất", "sudden"),
    ("- Đối ngoại", "foreign"),
    ("- Cống hiến.", "career"),
    ("- Niên hạn", "service"),
    ("- Kháng chiến", None),
]


def recipient_rows(codes: list[str]) -> list[Row]:
    """Tập thể, Trong đó: Doanh nghiệp, Hộ gia đình, Cá nhân and its five kinds, with the given codes."""
    collective, enterprise, household, individual, *people = codes
    return [
        Row("- Tập thể", collective, "Tập thể", _is("kind", "collective")),
        Row(
            "Trong đó: Doanh nghiệp",
            enterprise,
            "Doanh nghiệp",
            lambda f: f["kind"] == "collective" and f["enterprise"],
        ),
        Row("- Hộ gia đình", household, "Hộ", _is("kind", "household")),
        Row("- Cá nhân", individual, "Người", _is("kind", "individual")),
        *[
            Row(label, code, "Người", _is("person", key))
            for code, (key, label) in zip(people, PERSON_ROWS, strict=True)
        ],
    ]


def type_rows(codes: list[str]) -> list[Row]:
    return [
        Row(label, code, "", NOT_COUNTED if value is None else _is("award_type", value))
        for code, (label, value) in zip(codes, TYPE_ROWS, strict=True)
    ]


# ---------------------------------------------------------------------------
# Which column of 0602 / 0603 an award of our catalogue goes to (by its name)
# ---------------------------------------------------------------------------

HONOUR_TITLE_PREFIXES = (
    "ba me viet nam anh hung",
    "anh hung",
    "nha giao nhan dan",
    "nha giao uu tu",
    "thay thuoc nhan dan",
    "thay thuoc uu tu",
    "nghe si nhan dan",
    "nghe si uu tu",
    "nghe nhan nhan dan",
    "nghe nhan uu tu",
)

# (group, name prefixes) in order of precedence; the central awards that fit none are "other" (column 9).
CENTRAL_GROUPS = [
    ("orders", ("huan chuong", "huy chuong")),
    ("ho_chi_minh_prize", ("giai thuong ho chi minh",)),
    ("state_prize", ("giai thuong nha nuoc",)),
    ("honour_titles", HONOUR_TITLE_PREFIXES),
    ("government_flag", ("co thi dua cua chinh phu",)),
    ("prime_minister", ("bang khen cua thu tuong",)),
    ("national_fighter", ("chien si thi dua toan quoc",)),
]

# The provincial awards of 0603, columns 2–5; other provincial awards (e.g. Tập thể lao động xuất sắc) are
# emulation titles the form has no column for.
PROVINCE_GROUPS = [
    ("certificate", ("bang khen",)),
    ("fighter", ("chien si thi dua",)),
    ("flag", ("co thi dua",)),
    ("badge", ("ky niem chuong", "huy hieu")),
]


def award_group(name: str, level: str) -> str | None:
    """The 0602 group of a central award, the 0603 group of a provincial one (None: not on either form)."""
    folded = fold(name)
    if level == "central":
        for group, prefixes in CENTRAL_GROUPS:
            if folded.startswith(prefixes):
                return group
        return "other"
    if level == "province":
        for group, prefixes in PROVINCE_GROUPS:
            if folded.startswith(prefixes):
                return group
    return None


def _of(award_ids, *kinds):
    ids = frozenset(award_ids)
    return lambda fact: fact["award_id"] in ids and fact["kind"] in kinds


# A household is no individual: under the forms' "Tập thể" / "Cá nhân" split it is counted with collectives.
GROUP_KINDS = ("collective", "household")


def _pair(text: str, award_ids, *, code: str = "") -> Col:
    return Col(
        text,
        code=code,
        children=[
            Col("Tập thể", key=f"{text}:tt", match=_of(award_ids, *GROUP_KINDS), width=9),
            Col("Cá nhân", key=f"{text}:cn", match=_of(award_ids, "individual"), width=9),
        ],
    )


def _per_award(group_text: str, code: str, awards: list[dict]) -> Col:
    """A group with one Tập thể / Cá nhân pair per award of the catalogue (an empty pair when there is none)."""
    pairs = [_pair(a["name"], [a["id"]]) for a in awards] or [_pair("", [])]
    return Col(group_text, code=code, children=pairs)


def form_0602(awards: list[dict]) -> FormDef:
    """0602.N with the order/medal, honour-title and "other" sub-columns of ``awards`` (id, name, level)."""
    groups: dict[str, list[dict]] = {}
    for award in awards:
        group = award_group(award["name"], award["level"])
        if award["level"] == "central" and group:
            groups.setdefault(group, []).append(award)

    def ids(group):
        return [a["id"] for a in groups.get(group, [])]

    def single(text, code, group, kind_text):
        kinds = ("individual",) if kind_text == "Cá nhân" else GROUP_KINDS
        key = f"{group}:{'cn' if kind_text == 'Cá nhân' else 'tt'}"
        return Col(text, code=code, children=[Col(kind_text, key=key, match=_of(ids(group), *kinds), width=11)])

    return FormDef(
        number="0602.N",
        title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        columns=[
            _label_col(46),
            _code_col(),
            _unit_col(),
            Col("Tổng số", code="1", key="total", width=9),
            Col(
                "Chia ra",
                children=[
                    _per_award("Các loại huân chương, huy chương", "2", groups.get("orders", [])),
                    single("Giải thưởng Hồ Chí Minh", "3", "ho_chi_minh_prize", "Cá nhân"),
                    single("Giải thưởng Nhà nước", "4", "state_prize", "Cá nhân"),
                    _per_award("Danh hiệu vinh dự nhà nước", "5", groups.get("honour_titles", [])),
                    single("Cờ thi đua của Chính phủ", "6", "government_flag", "Tập thể"),
                    _pair("Bằng khen của Thủ tướng Chính phủ", ids("prime_minister"), code="7"),
                    single("Chiến sĩ thi đua Toàn quốc", "8", "national_fighter", "Cá nhân"),
                    _per_award("Các hình thức khen thưởng khác", "9", groups.get("other", [])),
                ],
            ),
        ],
        rows=[
            Row("Tổng số", "1", match=every_fact, style="total"),
            Row("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", style="group"),
            Row("- Bộ, ban, ngành, đoàn thể Trung ương", "2", "Bộ, ngành", _is("submitter", "central_body")),
            Row("- Tỉnh, thành phố trực thuộc Trung ương", "3", "Tỉnh,TP", _is("submitter", "province")),
            Row("2. Chia theo đối tượng khen thưởng", style="group"),
            *recipient_rows(["6", "7", "8", "9", "10", "11", "12", "13", "14"]),
            Row("3. Chia theo phương thức khen thưởng", style="group"),
            *type_rows(["15", "16", "17", "18", "19", "20", "21"]),
        ],
    )


def form_0603(awards: list[dict]) -> FormDef:
    groups: dict[str, list[int]] = {}
    for award in awards:
        if award["level"] == "province" and (group := award_group(award["name"], award["level"])):
            groups.setdefault(group, []).append(award["id"])

    def col(text, code, group):
        ids = frozenset(groups.get(group, []))
        return Col(text, code=code, key=group, match=lambda f: f["award_id"] in ids, width=16)

    return FormDef(
        number="0603.N",
        title=("SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"),
        columns=[
            _label_col(52),
            _code_col(),
            _unit_col(),
            Col("Tổng số", code="1", key="total", match=_is("award_id", *{i for v in groups.values() for i in v})),
            Col(
                "Chia ra",
                children=[
                    col("Bằng khen", "2", "certificate"),
                    col("Chiến sĩ thi đua cấp bộ, cấp tỉnh", "3", "fighter"),
                    col(
                        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
                        "4",
                        "flag",
                    ),
                    col(
                        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố "
                        "trực thuộc Trung ương",
                        "5",
                        "badge",
                    ),
                ],
            ),
        ],
        rows=[
            Row("Tổng số", "01", match=every_fact, style="total"),
            Row("1. Chia theo đối tượng khen thưởng", style="group"),
            *recipient_rows(["02", "03", "04", "05", "06", "07", "08", "09", "10"]),
            Row("2. Chia theo phương thức khen thưởng", style="group"),
            *type_rows(["11", "12", "13", "14", "15", "16", "17"]),
        ],
    )


# ---------------------------------------------------------------------------
# 0604.N and 0605.N — the organisations and officials doing thi đua, khen thưởng work
# ---------------------------------------------------------------------------

FORM_0604 = FormDef(
    number="0604.N",
    title=(
        "SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG, "
        "TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
    ),
    dated_by_year=True,
    columns=[_label_col(52), _code_col(), _unit_col(), Col("Số lượng", code="1", key="count", width=12)],
    rows=[
        Row("Tổng số", "01", "Tổ chức", every_fact, style="total"),
        Row("Chia theo cơ cấu tổ chức bộ máy", style="group"),
        # A province has no Vụ: these two rows belong to central bodies' reports.
        Row("- Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", "02", "Vụ", no_fact),
        Row("- Cấp phòng, ban hoặc bộ phận thuộc Vụ", "03", "Phòng", no_fact),
        Row("- Cấp ban thuộc Sở Nội vụ", "04", "Ban", _is("level", "ban")),
        Row("- Cấp phòng thuộc Sở Nội vụ", "05", "Phòng", _is("level", "phong")),
    ],
)

AGE_BANDS = [(None, 30), (31, 40), (41, 50), (51, 55), (56, 60), (61, None)]
AGE_LABELS = [
    "- Từ 30 trở xuống",
    "- Từ 31 đến 40",
    "- Từ 41 đến 50",
    "- Từ 51 đến 55",
    "- Từ 56 đến 60",
    "- Trên 60 tuổi",
]
EDUCATION_LABELS = ["- Sơ cấp", "- Trung cấp", "- Cao đẳng", "- Đại học", "- Trên đại học"]
SENIORITY_LABELS = ["- Dưới 5 năm", "- Từ 5 đến 10 năm", "- Từ 10 năm trở lên"]


def age_band(age: int | None) -> int | None:
    if age is None:
        return None
    for index, (low, high) in enumerate(AGE_BANDS):
        if (low is None or age >= low) and (high is None or age <= high):
            return index
    return None


FORM_0605 = FormDef(
    number="0605.N",
    title=(
        "SỐ LƯỢNG CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH ĐOÀN THỂ TRUNG ƯƠNG, "
        "TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
    ),
    dated_by_year=True,
    columns=[
        _label_col(52),
        _code_col(),
        Col(
            "Số lượng (Người)",
            children=[
                Col("Tổng số", code="1", key="total", width=12),
                Col("Trong đó: Nữ", code="2", key="female", match=_is("female", True), width=12),
            ],
        ),
    ],
    rows=[
        Row("Tổng số", "01", match=every_fact, style="total"),
        Row("1. Chia theo độ tuổi", style="group"),
        *[Row(label, f"{2 + i:02d}", match=_is("age_band", i)) for i, label in enumerate(AGE_LABELS)],
        Row("2. Chia theo trình độ đào tạo", style="group"),
        *[Row(label, f"{8 + i:02d}") for i, label in enumerate(EDUCATION_LABELS)],
        Row("3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng", style="group"),
        *[Row(label, f"{13 + i:02d}") for i, label in enumerate(SENIORITY_LABELS)],
    ],
)
