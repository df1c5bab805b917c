"""The assistance package on a case (included at /cases/)."""

from django.urls import path

from eligibility import views_case

urlpatterns = [
    path("<int:pk>/eligibility/", views_case.case_eligibility, name="case-eligibility"),
    path("<int:pk>/eligibility/propose/", views_case.decision_propose, name="case-decision-propose"),
    path("<int:pk>/eligibility/decisions/<int:decision_pk>/", views_case.decision_detail, name="case-decision"),
    path(
        "<int:pk>/eligibility/decisions/<int:decision_pk>/approve/",
        views_case.decision_approve,
        name="case-decision-approve",
    ),
    path(
        "<int:pk>/eligibility/decisions/<int:decision_pk>/return/",
        views_case.decision_return,
        name="case-decision-return",
    ),
]
