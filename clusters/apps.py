from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = "Cụm, khối thi đua"

    def ready(self):
        # The app's registries: permissions (rules) and background job kinds.
        from clusters import jobs, rules  # noqa: F401, PLC0415 -- registries load once the app registry is ready
