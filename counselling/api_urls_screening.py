"""API routes of the vulnerability screening (included in retour/api_urls.py)."""

from django.urls import path

from counselling import api_screening

urlpatterns = [
    path("cases/<int:pk>/screenings/", api_screening.CaseScreeningsView.as_view(), name="api-case-screenings"),
]
