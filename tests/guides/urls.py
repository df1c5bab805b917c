"""The site's URLs with the guides' API routes at /api/, for the API tests
until retour/api_urls.py includes guides.api_urls (then they are the same)."""

from django.urls import include, path

from retour.urls import urlpatterns as site

urlpatterns = [path("api/", include("guides.api_urls")), *site]
