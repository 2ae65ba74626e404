from portfolios.views import entries

app_name = "portfolios"

urlpatterns = [*entries.urlpatterns]
