import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app adds its demo data in <app>/demo.py (a ``seed(stdout)`` function), in this order. A module may
# also have a ``seed_demo_only(stdout)``: demo data the test world (thiduakt.testing.world_seed) leaves out,
# such as the 2025 reorganisation of the demo province.
APPS = ["thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports"]


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (tỉnh Hậu Giang theo các bài báo nguồn). Chạy lại nhiều lần không sinh trùng."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in APPS:
                try:
                    module = importlib.import_module(f"{name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{name}.demo":
                        raise
                    continue
                module.seed(stdout=self.stdout)
                if demo_only := getattr(module, "seed_demo_only", None):
                    demo_only(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa. Mật khẩu mọi tài khoản: thiduakt-demo"))
