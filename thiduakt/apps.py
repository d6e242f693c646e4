from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ThiduaktConfig(AppConfig):
    name = "thiduakt"
    verbose_name = "Nền tảng"

    def ready(self):
        from thiduakt import exports, rules  # noqa: F401, PLC0415 -- registries; models are ready only now

        # Every app declares its background job kinds in jobs.py.
        autodiscover_modules("jobs")
