"""The rules pages, under /rules/."""

from django.urls import path

from eligibility import views_policy

urlpatterns = [
    path("", views_policy.rules, name="rules"),
    path("drafts/new/", views_policy.draft_upload, name="rules-draft-upload"),
    path("drafts/<int:pk>/simulate/", views_policy.draft_simulate, name="rules-draft-simulate"),
]
