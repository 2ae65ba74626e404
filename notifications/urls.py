from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="read"),
    path("notifications/read/", views.notification_read_all, name="read_all"),
    path("notifications/email/", views.notification_email_setting, name="email_setting"),
]
