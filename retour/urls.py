from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("retour.api_urls")),
    path("", include("core.urls")),
    path("people/", include("people.urls")),
    path("people/", include("people.urls_match")),
    path("people/", include("people.urls_duplicates")),
    path("cases/", include("cases.urls")),
    path("cases/", include("eligibility.urls_case")),
    path("rules/", include("eligibility.urls_policy")),
    path("tasks/", include("tasks.urls")),
    path("cases/", include("travel.urls_case")),
    path("cases/", include("travel.urls_print")),
    path("travel/", include("travel.urls_board")),
    path("cases/", include("reintegration.urls_referrals")),
    path("cases/", include("reintegration.urls_plans")),
    path("cases/", include("reintegration.urls_monitoring")),
    path("reintegration/", include("reintegration.urls_partner")),
    path("practice/", include("guides.urls")),
    path("countries/", include("countries.urls")),
    path("cases/", include("countries.urls_case")),
    path("exchanges/", include("exchanges.urls")),
    path("cases/", include("counselling.urls_screening")),
    path("cases/", include("counselling.urls_sheet")),
]
