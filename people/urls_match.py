from django.urls import path

from people import views_match

urlpatterns = [
    path("match/", views_match.person_match_panel, name="person-match-panel"),
    # The aid-only-once warning of the case page, for htmx (people.views_match).
    path("match/aid/<int:case_pk>/", views_match.case_likely_aid, name="case-likely-aid"),
]
