"""partner endpoints of the API: retroactive registrations and return stories."""

from django.urls import path

from reintegration import api_partner as api

urlpatterns = [
    path("retroactive/", api.RetroactiveListView.as_view(), name="api-retroactive"),
    path("retroactive/<int:pk>/decision/", api.RetroactiveDecisionView.as_view(), name="api-retroactive-decision"),
    path("cases/<int:pk>/stories/", api.CaseStoriesView.as_view(), name="api-case-stories"),
    path("stories/<int:pk>/", api.StoryDetailView.as_view(), name="api-story"),
    path("stories/<int:pk>/review/", api.StoryReviewView.as_view(), name="api-story-review"),
]
