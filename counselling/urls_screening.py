"""The vulnerability screening of a case (included under /cases/)."""

from django.urls import path

from counselling import views_screening

urlpatterns = [
    path("<int:pk>/screening/", views_screening.screening_page, name="screening"),
    path("<int:pk>/screening/<int:person_pk>/new/", views_screening.screening_new, name="screening-new"),
]
