from django.urls import path

from people import views_duplicates

urlpatterns = [
    path("duplicates/", views_duplicates.duplicate_list, name="duplicate-list"),
    path("duplicates/<int:pk>/", views_duplicates.duplicate_detail, name="duplicate-detail"),
    path("duplicates/merges/<int:pk>/undo/", views_duplicates.merge_undo, name="duplicate-merge-undo"),
]
