"""Pages under /practice/: the shared library, the agency's own guides and
notes, guide drafts, and starting an interview from a guide."""

from django.urls import path

from guides import views, views_draft, views_interview, views_notes

G = "guides/<int:pk>/"
D = G + "draft/"

urlpatterns = [
    path("", views.library, name="practice-library"),
    path("ours/", views.ours, name="practice-ours"),
    path("guides/new/", views.guide_create, name="guide-create"),
    path(G, views.guide_detail, name="guide-detail"),
    path(G + "versions/<int:number>/", views.guide_detail, name="guide-version"),
    path(G + "compare/", views.guide_compare, name="guide-compare"),
    path(G + "new-version/", views.guide_new_version, name="guide-new-version"),
    path(G + "share/", views.guide_share, name="guide-share"),
    path(G + "adopt/", views.guide_adopt, name="guide-adopt"),
    path(G + "take-in/", views.guide_take_in, name="guide-take-in"),
    path(D, views_draft.draft_edit, name="guide-draft"),
    path(D + "languages/new/", views_draft.draft_language, name="guide-draft-language-add"),
    path(D + "languages/<str:language>/", views_draft.draft_language, name="guide-draft-language"),
    path(D + "languages/<str:language>/remove/", views_draft.draft_remove_language, name="guide-draft-language-remove"),
    path(D + "languages/<str:language>/translate/", views_draft.draft_translate, name="guide-draft-translate"),
    path(D + "sections/new/", views_draft.draft_section, name="guide-draft-section-add"),
    path(D + "sections/<int:section_pk>/", views_draft.draft_section, name="guide-draft-section"),
    path(D + "sections/<int:section_pk>/items/new/", views_draft.draft_item, name="guide-draft-item-add"),
    path(D + "items/<int:item_pk>/", views_draft.draft_item, name="guide-draft-item"),
    path(D + "do/", views_draft.draft_do, name="guide-draft-do"),
    path(D + "publish/", views_draft.draft_publish, name="guide-draft-publish"),
    path(D + "discard/", views_draft.draft_discard, name="guide-draft-discard"),
    path("notes/new/", views_notes.note_create, name="practice-note-create"),
    path("notes/<int:pk>/", views_notes.note_detail, name="practice-note"),
    path("notes/<int:pk>/edit/", views_notes.note_edit, name="practice-note-edit"),
    path("notes/<int:pk>/share/", views_notes.note_share, name="practice-note-share"),
    path("notes/<int:pk>/adopt/", views_notes.note_adopt, name="practice-note-adopt"),
    path("notes/<int:pk>/take-in/", views_notes.note_take_in, name="practice-note-take-in"),
    path("cases/<int:pk>/interview/", views_interview.interview_start, name="guide-interview-start"),
    path("interviews/<int:pk>/guide/", views_interview.guide_use_detail, name="interview-guide-use"),
]
