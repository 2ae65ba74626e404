from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from config import views as config_views

admin.site.site_header = _("Samenspel administration")
admin.site.site_title = _("Samenspel")
admin.site.index_title = _("Organisation")
# The admin logs in through allauth: the same rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", config_views.healthz, name="healthz"),
    path("language/", account_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("groups.urls")),
    path("", include("families.urls")),
    path("", include("contacts.urls")),
    path("", include("notifications.urls")),
    path("", include("messaging.urls")),
    path("", include("portfolios.urls")),
    path("", include("activities.urls")),
    path("", include("privacy.urls")),
]
if settings.BENCH_BARE_VIEW:  # bench/run.py's baseline: a bare view returning a short text
    urlpatterns.append(path("bench/", include("bench.urls")))
