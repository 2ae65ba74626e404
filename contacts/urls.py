from django.urls import path  # noqa: F401

from contacts.views import moments, quick, slots

app_name = "contacts"
urlpatterns = [
    *quick.urlpatterns,
    *moments.urlpatterns,
    *slots.urlpatterns,
]
