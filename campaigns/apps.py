from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        # The app's registries: permissions (rules), the pickers' narrowings.
        from campaigns import pickers, rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready
