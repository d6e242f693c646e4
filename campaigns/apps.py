from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        # The app's registry: permissions (rules).
        from campaigns import rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready
