"""Demo data of the foundation: the province of the seeds (Hậu Giang), its 2025 reorganisation into
thành phố Cần Thơ, and the demo users.

Hậu Giang's units close on 30/06/2025; from 01/07/2025 the city of Cần Thơ and its new communes and wards
carry them on, as Nghị quyết 202/2025/QH15 and Nghị quyết 1668/NQ-UBTVQH15 name them
(docs/reorganisation-2025.md; what the research could not confirm is listed in docs/domain-notes.md).
People, officers, records and dossiers stay attached to the old units: they are history.
"""

from datetime import date

from django.db import transaction

from thiduakt.models import OfficeHolder, OrgUnit, Person, User
from thiduakt.selectors import successors_of
from thiduakt.services import unit_reorganise

DEMO_PASSWORD = "thiduakt-demo"

K = OrgUnit.Kind
UNITS = [
    # code, name, short name, kind, parent code
    ("HG", "Ủy ban nhân dân tỉnh Hậu Giang", "UBND tỉnh", K.PROVINCE, None),
    ("HG.SNV", "Sở Nội vụ tỉnh Hậu Giang", "Sở Nội vụ", K.DEPARTMENT, "HG"),
    ("HG.SNV.TDKT", "Ban Thi đua - Khen thưởng", "Ban TĐKT", K.DIVISION, "HG.SNV"),
    ("HG.SKHCN", "Sở Khoa học và Công nghệ tỉnh Hậu Giang", "Sở KH&CN", K.DEPARTMENT, "HG"),
    ("HG.SGDDT", "Sở Giáo dục và Đào tạo tỉnh Hậu Giang", "Sở GD&ĐT", K.DEPARTMENT, "HG"),
    ("HG.SYT", "Sở Y tế tỉnh Hậu Giang", "Sở Y tế", K.DEPARTMENT, "HG"),
    ("HG.STC", "Sở Tài chính tỉnh Hậu Giang", "Sở Tài chính", K.DEPARTMENT, "HG"),
    ("HG.SNNMT", "Sở Nông nghiệp và Môi trường tỉnh Hậu Giang", "Sở NN&MT", K.DEPARTMENT, "HG"),
    ("HG.SXD", "Sở Xây dựng tỉnh Hậu Giang", "Sở Xây dựng", K.DEPARTMENT, "HG"),
    ("HG.CA", "Công an tỉnh Hậu Giang", "Công an tỉnh", K.DEPARTMENT, "HG"),
    ("HG.LDLD", "Liên đoàn Lao động tỉnh Hậu Giang", "LĐLĐ tỉnh", K.MASS_ORGANISATION, "HG"),
    ("HG.HND", "Hội Nông dân tỉnh Hậu Giang", "Hội Nông dân", K.MASS_ORGANISATION, "HG"),
    ("HG.TD", "Tỉnh Đoàn Hậu Giang", "Tỉnh Đoàn", K.MASS_ORGANISATION, "HG"),
    ("HG.DHG", "Công ty Cổ phần Dược Hậu Giang", "Dược Hậu Giang", K.ENTERPRISE, "HG"),
    ("HG.VT", "Ủy ban nhân dân thành phố Vị Thanh", "TP. Vị Thanh", K.DISTRICT, "HG"),
    ("HG.NB", "Ủy ban nhân dân thành phố Ngã Bảy", "TP. Ngã Bảy", K.DISTRICT, "HG"),
    ("HG.TXLM", "Ủy ban nhân dân thị xã Long Mỹ", "TX. Long Mỹ", K.DISTRICT, "HG"),
    ("HG.LM", "Ủy ban nhân dân huyện Long Mỹ", "H. Long Mỹ", K.DISTRICT, "HG"),
    ("HG.CT", "Ủy ban nhân dân huyện Châu Thành", "H. Châu Thành", K.DISTRICT, "HG"),
    ("HG.CTA", "Ủy ban nhân dân huyện Châu Thành A", "H. Châu Thành A", K.DISTRICT, "HG"),
    ("HG.PH", "Ủy ban nhân dân huyện Phụng Hiệp", "H. Phụng Hiệp", K.DISTRICT, "HG"),
    ("HG.VTH", "Ủy ban nhân dân huyện Vị Thủy", "H. Vị Thủy", K.DISTRICT, "HG"),
    ("HG.CT.NS", "Ủy ban nhân dân thị trấn Ngã Sáu", "TT. Ngã Sáu", K.COMMUNE, "HG.CT"),
    ("HG.CT.MD", "Ủy ban nhân dân thị trấn Mái Dầm", "TT. Mái Dầm", K.COMMUNE, "HG.CT"),
    ("HG.CT.DP", "Ủy ban nhân dân xã Đông Phú", "Xã Đông Phú", K.COMMUNE, "HG.CT"),
    ("HG.CT.PH", "Ủy ban nhân dân xã Phú Hữu", "Xã Phú Hữu", K.COMMUNE, "HG.CT"),
    ("HG.CT.PNV", "Phòng Nội vụ huyện Châu Thành", "Phòng Nội vụ", K.DIVISION, "HG.CT"),
    ("HG.NB.LH", "Ủy ban nhân dân phường Lái Hiếu", "P. Lái Hiếu", K.COMMUNE, "HG.NB"),
    ("HG.NB.HT", "Ủy ban nhân dân phường Hiệp Thành", "P. Hiệp Thành", K.COMMUNE, "HG.NB"),
    ("HG.NB.DT", "Ủy ban nhân dân xã Đại Thành", "Xã Đại Thành", K.COMMUNE, "HG.NB"),
    ("HG.VT.P5", "Ủy ban nhân dân phường V", "Phường V", K.COMMUNE, "HG.VT"),
    # The seeds' "xã Hòa Bình" of Phụng Hiệp never existed; xã Hòa An did (NQ 1668, Điều 1 khoản 59).
    ("HG.PH.HA", "Ủy ban nhân dân xã Hòa An", "Xã Hòa An", K.COMMUNE, "HG.PH"),
]
RENAMED_CODES = {"HG.PH.HB": "HG.PH.HA"}  # a database seeded before keeps its unit under the new code

# How the two province-level bodies write themselves on their documents: area type and place name.
ISSUERS = {"HG": ("tỉnh", "Hậu Giang"), "CTH": ("thành phố", "Cần Thơ")}

HG_LAST_DAY = date(2025, 6, 30)
CITY_FIRST_DAY = date(2025, 7, 1)
NQ_202 = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
NQ_1668 = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"

# The city and the units that carry on the Hậu Giang ones (docs/reorganisation-2025.md §4.3), from 01/07/2025.
CITY_UNITS = [
    ("CTH", "Ủy ban nhân dân thành phố Cần Thơ", "UBND thành phố", K.PROVINCE, None),
    ("CTH.SNV", "Sở Nội vụ thành phố Cần Thơ", "Sở Nội vụ", K.DEPARTMENT, "CTH"),
    ("CTH.SNV.TDKT", "Phòng Thi đua - Khen thưởng", "Phòng TĐKT", K.DIVISION, "CTH.SNV"),
    ("CTH.SKHCN", "Sở Khoa học và Công nghệ thành phố Cần Thơ", "Sở KH&CN", K.DEPARTMENT, "CTH"),
    ("CTH.SGDDT", "Sở Giáo dục và Đào tạo thành phố Cần Thơ", "Sở GD&ĐT", K.DEPARTMENT, "CTH"),
    ("CTH.SYT", "Sở Y tế thành phố Cần Thơ", "Sở Y tế", K.DEPARTMENT, "CTH"),
    ("CTH.STC", "Sở Tài chính thành phố Cần Thơ", "Sở Tài chính", K.DEPARTMENT, "CTH"),
    ("CTH.SNNMT", "Sở Nông nghiệp và Môi trường thành phố Cần Thơ", "Sở NN&MT", K.DEPARTMENT, "CTH"),
    ("CTH.SXD", "Sở Xây dựng thành phố Cần Thơ", "Sở Xây dựng", K.DEPARTMENT, "CTH"),
    ("CTH.CA", "Công an thành phố Cần Thơ", "Công an thành phố", K.DEPARTMENT, "CTH"),
    ("CTH.LDLD", "Liên đoàn Lao động thành phố Cần Thơ", "LĐLĐ thành phố", K.MASS_ORGANISATION, "CTH"),
    ("CTH.HND", "Hội Nông dân thành phố Cần Thơ", "Hội Nông dân", K.MASS_ORGANISATION, "CTH"),
    ("CTH.TD", "Thành Đoàn Cần Thơ", "Thành Đoàn", K.MASS_ORGANISATION, "CTH"),
    ("CTH.P.VITHANH", "Ủy ban nhân dân phường Vị Thanh", "P. Vị Thanh", K.COMMUNE, "CTH"),
    ("CTH.P.VITAN", "Ủy ban nhân dân phường Vị Tân", "P. Vị Tân", K.COMMUNE, "CTH"),
    ("CTH.X.HOALUU", "Ủy ban nhân dân xã Hỏa Lựu", "Xã Hỏa Lựu", K.COMMUNE, "CTH"),
    ("CTH.P.LONGBINH", "Ủy ban nhân dân phường Long Bình", "P. Long Bình", K.COMMUNE, "CTH"),
    ("CTH.P.LONGMY", "Ủy ban nhân dân phường Long Mỹ", "P. Long Mỹ", K.COMMUNE, "CTH"),
    ("CTH.P.LONGPHU1", "Ủy ban nhân dân phường Long Phú 1", "P. Long Phú 1", K.COMMUNE, "CTH"),
    ("CTH.P.DAITHANH", "Ủy ban nhân dân phường Đại Thành", "P. Đại Thành", K.COMMUNE, "CTH"),
    ("CTH.P.NGABAY", "Ủy ban nhân dân phường Ngã Bảy", "P. Ngã Bảy", K.COMMUNE, "CTH"),
    ("CTH.X.VITHUY", "Ủy ban nhân dân xã Vị Thủy", "Xã Vị Thủy", K.COMMUNE, "CTH"),
    ("CTH.X.VINHTHUANDONG", "Ủy ban nhân dân xã Vĩnh Thuận Đông", "Xã Vĩnh Thuận Đông", K.COMMUNE, "CTH"),
    ("CTH.X.VITHANH1", "Ủy ban nhân dân xã Vị Thanh 1", "Xã Vị Thanh 1", K.COMMUNE, "CTH"),
    ("CTH.X.VINHTUONG", "Ủy ban nhân dân xã Vĩnh Tường", "Xã Vĩnh Tường", K.COMMUNE, "CTH"),
    ("CTH.X.VINHVIEN", "Ủy ban nhân dân xã Vĩnh Viễn", "Xã Vĩnh Viễn", K.COMMUNE, "CTH"),
    ("CTH.X.XAPHIEN", "Ủy ban nhân dân xã Xà Phiên", "Xã Xà Phiên", K.COMMUNE, "CTH"),
    ("CTH.X.LUONGTAM", "Ủy ban nhân dân xã Lương Tâm", "Xã Lương Tâm", K.COMMUNE, "CTH"),
    ("CTH.X.THANHXUAN", "Ủy ban nhân dân xã Thạnh Xuân", "Xã Thạnh Xuân", K.COMMUNE, "CTH"),
    ("CTH.X.TANHOA", "Ủy ban nhân dân xã Tân Hòa", "Xã Tân Hòa", K.COMMUNE, "CTH"),
    ("CTH.X.TRUONGLONGTAY", "Ủy ban nhân dân xã Trường Long Tây", "Xã Trường Long Tây", K.COMMUNE, "CTH"),
    ("CTH.X.CHAUTHANH", "Ủy ban nhân dân xã Châu Thành", "Xã Châu Thành", K.COMMUNE, "CTH"),
    ("CTH.X.DONGPHUOC", "Ủy ban nhân dân xã Đông Phước", "Xã Đông Phước", K.COMMUNE, "CTH"),
    ("CTH.X.PHUHUU", "Ủy ban nhân dân xã Phú Hữu", "Xã Phú Hữu", K.COMMUNE, "CTH"),
    ("CTH.X.TANBINH", "Ủy ban nhân dân xã Tân Bình", "Xã Tân Bình", K.COMMUNE, "CTH"),
    ("CTH.X.HOAAN", "Ủy ban nhân dân xã Hòa An", "Xã Hòa An", K.COMMUNE, "CTH"),
    ("CTH.X.PHUONGBINH", "Ủy ban nhân dân xã Phương Bình", "Xã Phương Bình", K.COMMUNE, "CTH"),
    ("CTH.X.TANPHUOCHUNG", "Ủy ban nhân dân xã Tân Phước Hưng", "Xã Tân Phước Hưng", K.COMMUNE, "CTH"),
    ("CTH.X.HIEPHUNG", "Ủy ban nhân dân xã Hiệp Hưng", "Xã Hiệp Hưng", K.COMMUNE, "CTH"),
    ("CTH.X.PHUNGHIEP", "Ủy ban nhân dân xã Phụng Hiệp", "Xã Phụng Hiệp", K.COMMUNE, "CTH"),
    ("CTH.X.THANHHOA", "Ủy ban nhân dân xã Thạnh Hòa", "Xã Thạnh Hòa", K.COMMUNE, "CTH"),
]

W, P = "whole", "part"
ASSUMED = "Giả định (docs/domain-notes.md): chưa đối chiếu văn bản về việc hợp nhất cơ quan này."
# old code → [(successor code, whole|part, clause of the resolution)], the seat (merged_into), resolution, note.
# In this order: communes first, then divisions, districts, departments and the province (each closes once).
REORGANISATION = [
    ("HG.CT.NS", [("CTH.X.CHAUTHANH", W, "Điều 1 khoản 55")], None, NQ_1668, ""),
    ("HG.CT.MD", [("CTH.X.CHAUTHANH", W, "Điều 1 khoản 55")], None, NQ_1668, ""),
    ("HG.CT.DP", [("CTH.X.CHAUTHANH", W, "Điều 1 khoản 55")], None, NQ_1668, ""),
    ("HG.CT.PH", [("CTH.X.PHUHUU", W, "Điều 1 khoản 57")], None, NQ_1668, ""),
    ("HG.NB.LH", [("CTH.P.NGABAY", W, "Điều 1 khoản 22")], None, NQ_1668, ""),
    ("HG.NB.HT", [("CTH.P.NGABAY", W, "Điều 1 khoản 22")], None, NQ_1668, ""),
    ("HG.NB.DT", [("CTH.P.DAITHANH", W, "Điều 1 khoản 21")], None, NQ_1668, ""),
    ("HG.VT.P5", [("CTH.P.VITAN", W, "Điều 1 khoản 17")], None, NQ_1668, ""),
    ("HG.PH.HA", [("CTH.X.HOAAN", W, "Điều 1 khoản 59")], None, NQ_1668, ""),
    # A district division ends with its district; its people are moved by hand (not by the demo).
    ("HG.CT.PNV", [], None, NQ_1668, "Giả định: phòng chuyên môn cấp huyện kết thúc cùng cấp huyện."),
    (
        "HG.VT",
        [
            ("CTH.P.VITHANH", P, "Điều 1 khoản 16"),
            ("CTH.P.VITAN", P, "Điều 1 khoản 17"),
            ("CTH.X.HOALUU", P, "Điều 1 khoản 44"),
        ],
        "CTH.P.VITHANH",
        NQ_1668,
        "",
    ),
    (
        "HG.NB",
        [("CTH.P.NGABAY", P, "Điều 1 khoản 22"), ("CTH.P.DAITHANH", P, "Điều 1 khoản 21")],
        "CTH.P.NGABAY",
        NQ_1668,
        "Giả định: trụ sở tại phường Ngã Bảy.",
    ),
    (
        "HG.TXLM",
        [
            ("CTH.P.LONGMY", P, "Điều 1 khoản 19"),
            ("CTH.P.LONGBINH", P, "Điều 1 khoản 18"),
            ("CTH.P.LONGPHU1", P, "Điều 1 khoản 20"),
        ],
        "CTH.P.LONGMY",
        NQ_1668,
        "Giả định: trụ sở tại phường Long Mỹ.",
    ),
    (
        "HG.LM",
        [
            ("CTH.X.VINHVIEN", P, "Điều 1 khoản 49"),
            ("CTH.X.XAPHIEN", P, "Điều 1 khoản 50"),
            ("CTH.X.LUONGTAM", P, "Điều 1 khoản 51"),
            ("CTH.X.VINHTHUANDONG", P, "Điều 1 khoản 46"),
        ],
        "CTH.X.VINHVIEN",
        NQ_1668,
        "Giả định: trụ sở tại xã Vĩnh Viễn.",
    ),
    (
        "HG.CT",
        [
            ("CTH.X.CHAUTHANH", P, "Điều 1 khoản 55"),
            ("CTH.X.PHUHUU", P, "Điều 1 khoản 57"),
            ("CTH.X.DONGPHUOC", P, "Điều 1 khoản 56"),
        ],
        "CTH.X.CHAUTHANH",
        NQ_1668,
        "Giả định: trụ sở tại xã Châu Thành (thị trấn Ngã Sáu cũ).",
    ),
    (
        "HG.CTA",
        [
            ("CTH.X.TANHOA", P, "Điều 1 khoản 53"),
            ("CTH.X.THANHXUAN", P, "Điều 1 khoản 52"),
            ("CTH.X.TRUONGLONGTAY", P, "Điều 1 khoản 54"),
            ("CTH.X.DONGPHUOC", P, "Điều 1 khoản 56"),
        ],
        "CTH.X.TANHOA",
        NQ_1668,
        "Giả định: trụ sở tại xã Tân Hòa (thị trấn Một Ngàn cũ).",
    ),
    (
        "HG.PH",
        [
            ("CTH.X.HIEPHUNG", P, "Điều 1 khoản 62"),
            ("CTH.X.TANBINH", P, "Điều 1 khoản 58"),
            ("CTH.X.HOAAN", P, "Điều 1 khoản 59"),
            ("CTH.X.PHUONGBINH", P, "Điều 1 khoản 60"),
            ("CTH.X.TANPHUOCHUNG", P, "Điều 1 khoản 61"),
            ("CTH.X.PHUNGHIEP", P, "Điều 1 khoản 63"),
            ("CTH.X.THANHHOA", P, "Điều 1 khoản 64"),
        ],
        "CTH.X.HIEPHUNG",
        NQ_1668,
        "",
    ),
    (
        "HG.VTH",
        [
            ("CTH.X.VITHUY", P, "Điều 1 khoản 45"),
            ("CTH.X.VINHTHUANDONG", P, "Điều 1 khoản 46"),
            ("CTH.X.VITHANH1", P, "Điều 1 khoản 47"),
            ("CTH.X.VINHTUONG", P, "Điều 1 khoản 48"),
        ],
        "CTH.X.VITHUY",
        NQ_1668,
        "Giả định: trụ sở tại xã Vị Thủy (thị trấn Nàng Mau cũ).",
    ),
    ("HG.SNV.TDKT", [("CTH.SNV.TDKT", W, "")], None, NQ_202, ASSUMED),
    ("HG.SNV", [("CTH.SNV", W, "")], None, NQ_202, ASSUMED),
    ("HG.SKHCN", [("CTH.SKHCN", W, "")], None, NQ_202, ASSUMED),
    ("HG.SGDDT", [("CTH.SGDDT", W, "")], None, NQ_202, ASSUMED),
    ("HG.SYT", [("CTH.SYT", W, "")], None, NQ_202, ASSUMED),
    ("HG.STC", [("CTH.STC", W, "")], None, NQ_202, ASSUMED),
    ("HG.SNNMT", [("CTH.SNNMT", W, "")], None, NQ_202, ASSUMED),
    ("HG.SXD", [("CTH.SXD", W, "")], None, NQ_202, ASSUMED),
    ("HG.CA", [("CTH.CA", W, "")], None, NQ_202, ""),
    ("HG.LDLD", [("CTH.LDLD", W, "")], None, NQ_202, ASSUMED),
    ("HG.HND", [("CTH.HND", W, "")], None, NQ_202, ASSUMED),
    ("HG.TD", [("CTH.TD", W, "")], None, NQ_202, ASSUMED),
    ("HG", [("CTH", W, "Điều 1")], None, NQ_202, ""),
]
# An enterprise is not an administrative body: it stays open, under the city from 01/07/2025.
REPARENTED = {"HG.DHG": "CTH"}

# Office holders of the two bodies. The names are fictional on purpose (a demo decision must not carry a real
# official's name under an award that never happened); a real deployment records its own.
# unit code, role, full name, from, to, signs award decisions
OFFICE_HOLDERS = [
    ("HG", OfficeHolder.Role.CHAIR, "Trần Quốc Trung", date(2021, 1, 1), HG_LAST_DAY, False),
    ("HG", OfficeHolder.Role.VICE_CHAIR, "Nguyễn Văn Thắng", date(2021, 1, 1), HG_LAST_DAY, True),
    ("CTH", OfficeHolder.Role.CHAIR, "Phạm Minh Khoa", CITY_FIRST_DAY, None, False),
    ("CTH", OfficeHolder.Role.VICE_CHAIR, "Võ Thị Thanh Tâm", CITY_FIRST_DAY, None, True),
]

G = Person.Gender
PEOPLE = [
    # full name, gender, birth year, position, unit code, direct worker, leader rank
    ("Nguyễn Văn Bình", G.MALE, 1975, "Chủ tịch UBND huyện", "HG.CT", False, Person.LeaderRank.DEPARTMENT),
    ("Trần Thị Anh", G.FEMALE, 1985, "Chuyên viên Phòng Nội vụ", "HG.CT.PNV", False, ""),
    ("Lê Minh Châu", G.MALE, 1980, "Trưởng phòng Nội vụ", "HG.CT.PNV", False, Person.LeaderRank.DIVISION),
    ("Phạm Thị Diễm", G.FEMALE, 1990, "Giáo viên Trường Tiểu học Ngã Sáu", "HG.CT.NS", False, ""),
    ("Võ Văn Đức", G.MALE, 1968, "Nông dân sản xuất giỏi", "HG.CT.DP", True, ""),
    ("Huỳnh Thị Hạnh", G.FEMALE, 1972, "Nông dân, hiến đất làm đường", "HG.CT.PH", True, ""),
    ("Đặng Quốc Huy", G.MALE, 1983, "Phó Chủ tịch UBND thị trấn Mái Dầm", "HG.CT.MD", False, ""),
    ("Ngô Thị Kim", G.FEMALE, 1979, "Chủ tịch UBND thành phố", "HG.NB", False, Person.LeaderRank.DEPARTMENT),
    ("Bùi Văn Lộc", G.MALE, 1987, "Công chức Văn phòng - Thống kê", "HG.NB.LH", False, ""),
    ("Dương Thị Mai", G.FEMALE, 1992, "Công nhân", "HG.NB.HT", True, ""),
    ("Châu Văn Nam", G.MALE, 1978, "Chỉ huy trưởng Quân sự phường", "HG.NB.DT", False, ""),
    ("Lâm Thị Ngọc", G.FEMALE, 1988, "Chuyên viên Ban Thi đua - Khen thưởng", "HG.SNV.TDKT", False, ""),
    ("Triệu Đức Hạnh", G.MALE, 1970, "Giám đốc Sở Nội vụ", "HG.SNV", False, Person.LeaderRank.DEPARTMENT),
    ("Đinh Ngọc Hải", G.MALE, 1974, "Phó Giám đốc Sở Nội vụ", "HG.SNV", False, Person.LeaderRank.DEPARTMENT),
    ("Tạ Thị Oanh", G.FEMALE, 1986, "Bác sĩ Trung tâm Y tế huyện Châu Thành", "HG.SYT", False, ""),
    ("Mai Văn Phúc", G.MALE, 1981, "Kỹ sư", "HG.DHG", False, ""),
]

USERS = [
    # username, full name, roles, unit code, superuser
    ("admin", "Quản trị hệ thống", {}, None, True),
    ("staff", "Lâm Thị Ngọc", {"is_department_staff": True}, "HG.SNV.TDKT", False),
    ("donvi", "Trần Thị Anh", {"is_unit_officer": True}, "HG.CT", False),
    ("donvi2", "Bùi Văn Lộc", {"is_unit_officer": True}, "HG.NB", False),
    ("hoidong", "Đinh Ngọc Hải", {"is_council_member": True}, "HG.SNV", False),
]


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def current_unit(code: str) -> OrgUnit:
    """The unit of ``code``, or after a reorganisation the one that carries it on today (its seat)."""
    old = unit(code)
    return next(iter(successors_of(old)), old)


def _units(rows, valid_from: date) -> None:
    for old, new in RENAMED_CODES.items():
        if not OrgUnit.objects.filter(code=new).exists():
            OrgUnit.objects.filter(code=old).update(code=new)
    for code, name, short_name, kind, parent in rows:
        existing = OrgUnit.objects.filter(code=code).first()
        area_type, place_name = ISSUERS.get(code, ("", ""))
        defaults = {
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "valid_from": valid_from,
            "area_type": area_type,
            "place_name": place_name,
        }
        if existing is None or code not in REPARENTED:  # a re-parented unit keeps its later parent
            defaults["parent"] = OrgUnit.objects.get(code=parent) if parent else None
        OrgUnit.objects.update_or_create(code=code, defaults=defaults)


@transaction.atomic
def seed_reorganisation(stdout=None) -> None:
    """The city and its new units, Hậu Giang's closed on 30/06/2025 with their successors, the office holders;
    the demo users work for the successors of their units from then on.

    A step of ``seed_demo`` after ``seed``, not part of the test world (``thiduakt.testing.world_seed`` writes
    the province as the seed articles show it; tests of the reorganisation call this themselves).
    Idempotent: a unit already closed is left as it is.
    """
    _units(CITY_UNITS, CITY_FIRST_DAY)
    for old_code, successors, seat, basis, note in REORGANISATION:
        old = unit(old_code)
        if old.valid_to is not None:
            continue
        clauses = ", ".join(clause for _code, _share, clause in successors if clause)
        unit_reorganise(
            unit=old,
            successors=[
                {"unit": unit(code), "share": share, "clause": clause, "note": note}
                for code, share, clause in successors
            ],
            seat=unit(seat) if seat else None,
            on=CITY_FIRST_DAY,
            legal_basis=basis,
            by=None,
            reason=f"Sắp xếp đơn vị hành chính theo {basis.split(' ngày')[0]}" + (f" ({clauses})" if clauses else ""),
        )
    for code, parent in REPARENTED.items():
        child = unit(code)
        if child.parent_id != unit(parent).pk:
            child.parent = unit(parent)
            child._change_reason = f"Trực thuộc {unit(parent).name} từ 01/07/2025 ({NQ_202.split(' ngày')[0]})"
            child.save()
    for code, role, full_name, start, end, signs in OFFICE_HOLDERS:
        OfficeHolder.objects.update_or_create(
            unit=unit(code),
            role=role,
            full_name=full_name,
            defaults={
                "valid_from": start,
                "valid_to": end,
                "signs_documents": signs,
                "note": "Tên hư cấu của dữ liệu minh họa.",
            },
        )
    for username, _full_name, _roles, unit_code, _superuser in USERS:
        user = User.objects.filter(username=username, unit__code=unit_code).first() if unit_code else None
        if user is not None and user.unit != (successor := current_unit(unit_code)):
            user.unit = successor
            user._change_reason = f"Đơn vị cũ đã sắp xếp theo {NQ_1668.split(' ngày')[0]}"
            user.save()
    if stdout:
        stdout.write(
            f"  sắp xếp đơn vị 2025: {len(REORGANISATION)} đơn vị của tỉnh Hậu Giang kết thúc ngày 30/06/2025, "
            f"{len(CITY_UNITS)} đơn vị của thành phố Cần Thơ từ 01/07/2025"
        )


def seed(stdout=None) -> None:
    _units(UNITS, date(2004, 1, 1))
    for name, gender, year, position, unit_code, direct, rank in PEOPLE:
        Person.objects.update_or_create(
            full_name=name,
            birth_year=year,
            defaults={
                "gender": gender,
                "position": position,
                "unit": unit(unit_code),
                "is_direct_worker": direct,
                "leader_rank": rank,
            },
        )
    for username, full_name, roles, unit_code, superuser in USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@thiduakt.local",
                "unit": current_unit(unit_code) if unit_code else None,
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_active": True,
                **{"is_department_staff": False, "is_unit_officer": False, "is_council_member": False, **roles},
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    if stdout:
        stdout.write(f"  nền tảng: {len(UNITS)} đơn vị, {len(PEOPLE)} cá nhân, {len(USERS)} người dùng")


# seed_demo runs this after ``seed``; the test world does not.
seed_demo_only = seed_reorganisation
