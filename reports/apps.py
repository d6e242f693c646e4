from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo, thống kê"

    def ready(self):
        # The app's registries: permissions (rules), report kinds (builders) and background job kinds.
        from reports import builders, jobs, rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready
