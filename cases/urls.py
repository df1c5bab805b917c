from django.urls import path

from cases import views, views_records
from counselling import views as counselling_views

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/<int:person_pk>/", views.case_create, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("<int:pk>/members/new/", views.case_member_add, name="case-member-add"),
    path("<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent-create"),
    path("<int:pk>/notes/new/", views.note_create, name="note-create"),
    path("<int:pk>/interviews/new/", counselling_views.interview_form, name="interview-create"),
    path("<int:pk>/interviews/<int:interview_pk>/", counselling_views.interview_form, name="interview-edit"),
    path("<int:pk>/attachments/new/", views_records.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views_records.attachment_download, name="attachment-download"),
    path("<int:pk>/audit/", views_records.case_audit, name="case-audit"),
]
