from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from privacy import (  # noqa: F401 - registers the audited models and the notification kinds
            audit,
            kinds,
        )
