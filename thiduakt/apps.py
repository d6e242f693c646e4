from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ThiduaktConfig(AppConfig):
    name = "thiduakt"
    verbose_name = "Nền tảng"

    def ready(self):
        # Every app declares its background job kinds in jobs.py.
        autodiscover_modules("jobs")
