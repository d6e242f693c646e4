from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    reference_data = "awards.reference"  # seeded after migrate (thiduakt.reference)
    verbose_name = "Khen thưởng"

    def ready(self):
        # The app's registries: permissions (rules) and background job kinds.
        from awards import jobs, lookup_cache, rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready

        lookup_cache.connect()
