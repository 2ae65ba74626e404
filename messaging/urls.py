from messaging.views import announcements, conversations

app_name = "messaging"
urlpatterns = [
    *conversations.urlpatterns,
    *announcements.urlpatterns,
]
