from django.urls import path

from people import views_match

urlpatterns = [
    path("match/", views_match.person_match_panel, name="person-match-panel"),
]
