from django.urls import path

from privacy.views import audit, export, removal

app_name = "privacy"

urlpatterns = [
    # The audit trail: admins (all) and location managers (their locations' children)
    path("audit/", audit.audit_log, name="audit_log"),
    path("children/<uuid:child_id>/audit/", audit.child_audit, name="child_audit"),
    # The parents' own data: what is kept, and one download of all of it
    path("privacy/", export.mine, name="mine"),
    path("privacy/export/", export.export, name="export"),
    # Removal: asked for by parents, carried out by the admin; the retention overview
    path("privacy/removal/", removal.removal_request, name="removal_request"),
    path("privacy/removal-requests/", removal.removal_request_list, name="removal_requests"),
    path("privacy/removal-requests/<uuid:request_id>/", removal.removal_request_detail, name="removal_request_detail"),
    path("privacy/retention/", removal.retention_overview, name="retention"),
]
