"""Seed the fields of activity (lĩnh vực) so that every database, test ones included, has them."""

from django.db import migrations

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


def seed(apps, schema_editor):
    Field = apps.get_model("exemplars", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})


def unseed(apps, schema_editor):
    Field = apps.get_model("exemplars", "Field")
    Field.objects.filter(code__in=[code for code, _ in FIELDS], exemplars__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
