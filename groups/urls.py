from django.urls import path

from groups import dashboard_views, views

app_name = "groups"
urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("manager/", views.manager_home, name="manager_home"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    *dashboard_views.urlpatterns,
]
