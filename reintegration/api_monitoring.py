"""Monitoring in the API: the same actions and access as the monitoring
pages. Survey answers are given as {indicator code: answer code}, the codes
of the questionnaire version named in the response."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, require
from core.api import OfficeTimezoneMixin, problems
from reintegration import actions_monitoring as actions
from reintegration import rss
from reintegration.access_monitoring import SEE_MONITORING, may_record
from reintegration.models import MonitoringVisit, SurveyResponse, VisitMode


class SurveySerializer(serializers.ModelSerializer):
    weights = serializers.SlugRelatedField(slug_field="label", read_only=True, help_text="The weights version.")

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "questionnaire",
            "answers",
            "taken_on",
            "weights",
            "economic",
            "social",
            "psychosocial",
            "composite",
        ]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    survey = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringVisit
        fields = [
            "id",
            "months",
            "due_on",
            "done_on",
            "mode",
            "findings",
            "recorded_by",
            "recorded_at",
            "overdue",
            "survey",
        ]
        read_only_fields = fields

    def get_survey(self, visit) -> dict | None:
        response = self.context["surveys"].get(visit.pk)
        return SurveySerializer(response).data if response else None

    def get_overdue(self, visit) -> bool:
        return visit.done_on is None and visit.due_on < self.context["today"]


class MonitoringSerializer(serializers.Serializer):
    arrival = serializers.DateField(allow_null=True)
    months = serializers.ListField(child=serializers.IntegerField())
    questionnaire = serializers.CharField(help_text="The questionnaire version new surveys are taken with.")
    weights = serializers.CharField(allow_null=True, help_text="The current weights version.")
    visits = VisitSerializer(many=True)


class VisitRecordSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=VisitMode.choices)
    findings = serializers.CharField()
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict, help_text="indicator → answer"
    )


def _body(case):
    visits = list(case.monitoring_visits.order_by("months"))
    surveys = {r.visit_id: r for r in SurveyResponse.objects.filter(case=case).select_related("weights")}
    weights = rss.current_weights()
    body = {
        "arrival": actions.arrival_date(case),
        "months": actions.monitoring_months(case),
        "questionnaire": rss.current_questionnaire().version,
        "weights": weights.label if weights else None,
        "visits": visits,
    }
    return MonitoringSerializer(body, context={"surveys": surveys, "today": timezone.localdate()}).data


class CaseMonitoringView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The monitoring visits of a case, with their surveys and scores",
        description="Visits are scheduled (once) at the programme's months after arrival when this is read. "
        "Scores are from 0 (worst) to 1 (best), computed with the weights version named.",
        responses={200: MonitoringSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        require(case, SEE_MONITORING)
        actions.schedule_visits(case)
        return Response(_body(case))


class VisitRecordView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Record a monitoring visit and its survey",
        description="The partner's caseworker, on a case whose referral their organisation accepted. "
        "Answers left out are not asked; an unknown indicator or answer is refused (422, field "
        "answers.<indicator>).",
        request=VisitRecordSerializer,
        responses={200: VisitSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int, visit_pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, SEE_MONITORING)
        if not may_record(request.user, case):
            raise PermissionDenied
        visit = MonitoringVisit.objects.filter(case=case, pk=visit_pk).first()
        if visit is None:
            raise NotFound
        serializer = VisitRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = actions.record_visit(visit, by=request.user, **serializer.validated_data)
        surveys = {r.visit_id: r for r in SurveyResponse.objects.filter(visit=visit).select_related("weights")}
        data = VisitSerializer(visit, context={"surveys": surveys, "today": timezone.localdate()}).data
        return Response(data, status=status.HTTP_200_OK)
