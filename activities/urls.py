from activities.views import home, library, sessions, themes

app_name = "activities"

# Each part of the app adds its own list: the library and themes, home activities, sessions.
urlpatterns: list = [*library.urlpatterns, *themes.urlpatterns, *home.urlpatterns, *sessions.urlpatterns]
