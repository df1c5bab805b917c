"""The project's URLs with this issue's API routes in front, until the lead
adds them to retour/api_urls.py (where they then answer the same)."""

from django.urls import include, path

from retour.urls import urlpatterns as project

urlpatterns = [
    path("api/", include("counselling.api_urls_screening")),
    path("api/", include("exchanges.api_urls")),
    *project,
]
