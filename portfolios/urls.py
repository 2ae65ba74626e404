from portfolios.views import entries, pdf, reviews

app_name = "portfolios"

urlpatterns = [*entries.urlpatterns, *reviews.urlpatterns, *pdf.urlpatterns]
