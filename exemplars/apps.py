from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    reference_data = "exemplars.reference"  # seeded after migrate (thiduakt.reference)
    verbose_name = "Điển hình tiên tiến"

    def ready(self):
        # The app's registries: permissions (rules) and background job kinds.
        from exemplars import jobs, rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready
