from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules

from thiduakt.reference import seed_after_migrate


class ThiduaktConfig(AppConfig):
    name = "thiduakt"
    verbose_name = "Nền tảng"

    def ready(self):
        from thiduakt import exports, rules, write_cache  # noqa: F401, PLC0415 -- registries; models are ready only now

        write_cache.connect()

        # Every app declares its background job kinds in jobs.py.
        autodiscover_modules("jobs")

        # Apps with reference data (``reference_data = "<app>.reference"``) get it after each migrate.
        post_migrate.connect(seed_after_migrate, dispatch_uid="thiduakt.reference")
