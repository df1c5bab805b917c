"""Partner pages: retroactive registrations and return stories (under /reintegration/)."""

from django.urls import path

from reintegration import views_hub
from reintegration import views_partner as views

urlpatterns = [
    path("", views_hub.hub, name="reintegration"),
    path("overview/", views_hub.overview_page, name="reintegration-overview"),
    path("retroactive/", views.retro_list, name="retro-list"),
    path("retroactive/new/", views.retro_new, name="retro-new"),
    path("retroactive/<int:pk>/", views.retro_detail, name="retro-detail"),
    path("retroactive/<int:pk>/decision/", views.retro_decide, name="retro-decide"),
    path("retroactive/<int:pk>/reopen/", views.retro_reopen, name="retro-reopen"),
    path("stories/", views.stories, name="stories"),
    path("cases/<int:pk>/stories/", views.case_stories, name="case-stories"),
    path("cases/<int:pk>/stories/new/", views.story_new, name="story-new"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story-edit"),
    path("stories/<int:pk>/submit/", views.story_submit, name="story-submit"),
    path("stories/<int:pk>/review/", views.story_review, name="story-review"),
    path("stories/<int:pk>/publish/", views.story_publish, name="story-publish"),
    path("stories/<int:pk>/unpublish/", views.story_unpublish, name="story-unpublish"),
    path("stories/<int:pk>/photo/", views.story_photo, name="story-photo"),
]
