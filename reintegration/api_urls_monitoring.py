"""Monitoring endpoints of the API."""

from django.urls import path

from reintegration import api_monitoring as api

urlpatterns = [
    path("cases/<int:pk>/monitoring/", api.CaseMonitoringView.as_view(), name="api-case-monitoring"),
    path(
        "cases/<int:pk>/monitoring/visits/<int:visit_pk>/record/",
        api.VisitRecordView.as_view(),
        name="api-monitoring-visit-record",
    ),
]
