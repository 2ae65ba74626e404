"""The app's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def failing_view(request):
    raise RuntimeError("secret-internal-detail Kindhun")


urlpatterns = [*app_urlpatterns, path("failing/", failing_view)]
