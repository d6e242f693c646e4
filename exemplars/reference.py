"""Reference data every database needs: the fields of activity (lĩnh vực) of exemplars.

Seeded after every ``migrate`` and into every test database, inserting only what is missing
(see ``awards.reference`` for the policy).
"""

FIELDS = [
    ("giao-duc", "Giáo dục - Đào tạo"),
    ("nong-nghiep", "Nông nghiệp - Nông thôn"),
    ("y-te", "Y tế"),
    ("an-ninh-quoc-phong", "An ninh - Quốc phòng"),
    ("doanh-nghiep", "Doanh nghiệp - Sản xuất kinh doanh"),
    ("hanh-chinh", "Hành chính - Cải cách hành chính"),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("khoa-hoc-cong-nghe", "Khoa học - Công nghệ"),
    ("lao-dong-cong-doan", "Lao động - Công đoàn"),
    ("moi-truong", "Tài nguyên - Môi trường"),
    ("xay-dung-dang", "Xây dựng Đảng, đoàn thể"),
]


def seed(apps) -> None:
    """Insert the fields that are missing (``apps``: the app registry or a migration's state)."""
    Field = apps.get_model("exemplars", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
