from django.urls import path

from families import views

app_name = "families"
urlpatterns = [
    path("parent/", views.parent_home, name="parent_home"),
    path("children/<uuid:child_id>/", views.child_detail, name="child_detail"),
]
