"""Demo data of the foundation: the province of the seeds (Hậu Giang) and the demo users."""

from datetime import date

from thiduakt.models import OrgUnit, Person, User

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
    ("HG.PH.HB", "Ủy ban nhân dân xã Hòa Bình", "Xã Hòa Bình", K.COMMUNE, "HG.PH"),
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


def seed(stdout=None) -> None:
    for code, name, short_name, kind, parent in UNITS:
        OrgUnit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "parent": OrgUnit.objects.get(code=parent) if parent else None,
                "valid_from": date(2004, 1, 1),
            },
        )
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
                "unit": unit(unit_code) if unit_code else None,
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
