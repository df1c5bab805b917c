"""Counselling interviews in the API, through counselling.actions and the
case access functions. Partners never see interviews (SEE_ASYLUM_FILE)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import RECORD_INTERVIEW, SEE_ASYLUM_FILE, get_case_for_user, require
from core.api import LanguageCodeField, OfficeTimezoneMixin, problems
from counselling import actions
from counselling.models import Intention, Interview, InterviewMode, Topic
from organisations.access import roles_for_office


class InterviewSummarySerializer(serializers.ModelSerializer):
    """An interview as listed in a case."""

    mode = serializers.ChoiceField(choices=InterviewMode.choices, read_only=True)
    intention = serializers.ChoiceField(choices=Intention.choices, read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "held_at", "mode", "counsellor", "intention", "next_appointment"]
        read_only_fields = fields


class InterviewSerializer(serializers.ModelSerializer):
    mode = serializers.ChoiceField(choices=InterviewMode.choices, read_only=True)
    intention = serializers.ChoiceField(choices=Intention.choices, read_only=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "case", *actions.INTERVIEW_FIELDS, "recorded_by", "recorded_at"]
        read_only_fields = fields


class InterviewCreateSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=InterviewMode.choices)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    counsellor = serializers.IntegerField(
        required=False, help_text="User id of the counsellor who held it; the caller when left out."
    )
    language = LanguageCodeField()
    interpreter = serializers.CharField(max_length=150, required=False, allow_blank=True)
    participants = serializers.CharField(required=False, allow_blank=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), required=False)
    other_topics = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    intention = serializers.ChoiceField(choices=Intention.choices)
    next_appointment = serializers.DateTimeField(required=False, allow_null=True)

    def validate_counsellor(self, value):
        """Someone who may record interviews at the case's office; the same
        answer whether the user does not exist or works elsewhere."""
        case = self.context["case"]
        user = get_user_model().objects.filter(pk=value, is_active=True).first()
        if user is None or not roles_for_office(user, case.office) & RECORD_INTERVIEW:
            raise serializers.ValidationError(_("This user does not counsel at the case's office."))
        return user

    def validate_topics(self, value):
        return list(dict.fromkeys(value))


def _case_interviews(user, case_pk):
    case = get_case_for_user(user, case_pk)
    require(case, SEE_ASYLUM_FILE)
    return case


class CaseInterviewsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The counselling interviews of a case",
        description="Not for partner caseworkers (403).",
        responses={200: InterviewSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = _case_interviews(request.user, pk)
        return Response(InterviewSerializer(case.interviews.order_by("-held_at", "-pk"), many=True).data)

    @extend_schema(
        summary="Record a counselling interview",
        description="Counsellors, team leaders and agency administrators of the case's office.",
        request=InterviewCreateSerializer,
        responses={201: InterviewSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, RECORD_INTERVIEW)
        serializer = InterviewCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        interview = actions.record_interview(case, by=request.user, **serializer.validated_data)
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class InterviewDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(summary="One interview", responses={200: InterviewSerializer, **problems(401, 403, 404)})
    def get(self, request, pk: int):
        case_pk = Interview.objects.filter(pk=pk).values_list("case_id", flat=True).first()
        if case_pk is None:
            raise NotFound
        _case_interviews(request.user, case_pk)
        return Response(InterviewSerializer(Interview.objects.get(pk=pk)).data)
