"""API routes of conversation guides and practice notes (included at /api/)."""

from django.urls import path

from guides import api, api_notes

urlpatterns = [
    path("guides/", api.GuideListView.as_view(), name="api-guides"),
    path("guides/<int:pk>/", api.GuideDetailView.as_view(), name="api-guide"),
    path("guides/<int:pk>/publish/", api.GuidePublishView.as_view(), name="api-guide-publish"),
    path("guides/<int:pk>/versions/", api.GuideNewVersionView.as_view(), name="api-guide-new-version"),
    path("guides/<int:pk>/share/", api.GuideShareView.as_view(), name="api-guide-share"),
    path("guides/<int:pk>/adopt/", api.GuideAdoptView.as_view(), name="api-guide-adopt"),
    path("guides/<int:pk>/take-in/", api.GuideTakeInView.as_view(), name="api-guide-take-in"),
    path("practice-notes/", api_notes.NoteListView.as_view(), name="api-practice-notes"),
    path("practice-notes/<int:pk>/", api_notes.NoteDetailView.as_view(), name="api-practice-note"),
    path("practice-notes/<int:pk>/adopt/", api_notes.NoteAdoptView.as_view(), name="api-practice-note-adopt"),
    path("practice-notes/<int:pk>/share/", api_notes.NoteShareView.as_view(), name="api-practice-note-share"),
    path("interviews/<int:pk>/guide-use/", api.InterviewGuideUseView.as_view(), name="api-interview-guide-use"),
    path("cases/<int:pk>/interviews/from-guide/", api.GuidedInterviewView.as_view(), name="api-case-guided-interview"),
]
