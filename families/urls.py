from django.urls import path

from families.views import consents, home_visits, intake, onboarding, pages, records

app_name = "families"
urlpatterns = [
    path("parent/", pages.parent_home, name="parent_home"),
    path("children/<uuid:child_id>/", pages.child_detail, name="child_detail"),
    *records.urlpatterns,
    *intake.urlpatterns,
    *home_visits.urlpatterns,
    *consents.urlpatterns,
    *onboarding.urlpatterns,
]
