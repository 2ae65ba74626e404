from django.urls import path  # noqa: F401 - used by the sections below

app_name = "privacy"

urlpatterns = [
    # --- audit trail (the audit work's patterns go here)
    # --- end of audit trail
    # --- data export (the export work's patterns go here)
    # --- end of data export
    # --- removal requests and retention (the removal work's patterns go here)
    # --- end of removal requests and retention
]
