"""Monitoring pages: a case's visits and survey scores, recording a visit,
and the sending office's cases with overdue visits (all under /cases/)."""

from django.urls import path

from reintegration import views_monitoring as views

urlpatterns = [
    path("monitoring/overdue/", views.monitoring_overdue, name="monitoring-overdue"),
    path("<int:pk>/monitoring/", views.monitoring_case, name="monitoring-case"),
    path("<int:pk>/monitoring/visits/<int:visit_pk>/", views.visit_record, name="monitoring-visit-record"),
]
