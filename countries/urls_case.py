"""Questions to the country on a case, under /cases/ (retour/urls.py:
path("cases/", include("countries.urls_case")))."""

from django.urls import path

from countries import views_questions

urlpatterns = [
    path("<int:pk>/questions/", views_questions.case_questions, name="case-country-questions"),
]
