from django.urls import path

from cases import views_records
from people import views

urlpatterns = [
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/household/add/", views.household_member_add, name="household-member-add"),
    path("<int:pk>/attachments/new/", views_records.person_attachment_upload, name="person-attachment-upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views_records.person_attachment_download,
        name="person-attachment-download",
    ),
    path("<int:pk>/add/<slug:what>/", views.person_add, name="person-add"),
]
