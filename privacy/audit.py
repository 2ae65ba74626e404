"""The audit trail: which models django-auditlog records, and how an entry is tied to a child.

Every registered model has a `get_additional_data()` that returns `{"child": "<uuid>"}` and/or
`{"family": "<uuid>"}`; auditlog stores it on the LogEntry, so the trail can be filtered by
child and removed with the child's data (privacy.removal).
"""
