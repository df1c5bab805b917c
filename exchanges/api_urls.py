"""API routes of the staff exchanges (included in retour/api_urls.py)."""

from django.urls import path

from exchanges import api

urlpatterns = [
    path("exchanges/", api.ExchangeListView.as_view(), name="api-exchanges"),
    path("exchanges/<int:pk>/", api.ExchangeDetailView.as_view(), name="api-exchange"),
]
