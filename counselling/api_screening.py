"""Vulnerability screenings in the API: the screenings of a case, and
recording one. The same access (counselling.access_screening: the case
office's counsellors and team leaders only) and action as the web page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import CaseMember
from core.api import OfficeTimezoneMixin, problems
from counselling.access_screening import get_case_for_screening
from counselling.actions_screening import DETAILS_MAX, record_screening
from counselling.models import Screening, ScreeningAnswer, ScreeningAnswerValue, ScreeningQuestion


class ScreeningAnswerSerializer(serializers.ModelSerializer):
    question = serializers.ChoiceField(choices=ScreeningQuestion.choices)
    answer = serializers.ChoiceField(choices=ScreeningAnswerValue.choices)
    sensitive = serializers.BooleanField(read_only=True)
    vulnerability = serializers.IntegerField(source="vulnerability_id", read_only=True, allow_null=True)
    task = serializers.IntegerField(source="task_id", read_only=True, allow_null=True)

    class Meta:
        model = ScreeningAnswer
        fields = ["question", "answer", "details", "sensitive", "vulnerability", "task"]
        read_only_fields = fields


class ScreeningSerializer(serializers.ModelSerializer):
    answers = ScreeningAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Screening
        fields = ["id", "case", "person", "screened_at", "screened_by", "notes", "recorded_at", "answers"]
        read_only_fields = fields


class RecordedScreeningSerializer(ScreeningSerializer):
    vulnerabilities_added = serializers.SerializerMethodField(help_text="Vulnerabilities this screening recorded.")
    tasks_created = serializers.SerializerMethodField(help_text="Ids of the follow-up tasks it created.")
    kept = serializers.SerializerMethodField(
        help_text="Questions not answered yes whose vulnerability stays recorded (a later no never removes one)."
    )

    class Meta(ScreeningSerializer.Meta):
        fields = [*ScreeningSerializer.Meta.fields, "vulnerabilities_added", "tasks_created", "kept"]
        read_only_fields = fields

    def get_vulnerabilities_added(self, obj) -> list[str]:
        return [v.kind for v in getattr(obj, "new_vulnerabilities", [])]

    def get_tasks_created(self, obj) -> list[int]:
        return [t.pk for t in getattr(obj, "new_tasks", [])]

    def get_kept(self, obj) -> list[str]:
        return list(getattr(obj, "kept", []))


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.ChoiceField(choices=ScreeningQuestion.choices)
    answer = serializers.ChoiceField(choices=ScreeningAnswerValue.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=DETAILS_MAX, default="")


class ScreeningCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="Id of a member of the case.")
    screened_at = serializers.DateTimeField(required=False, help_text="When it took place; now when left out.")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    answers = AnswerInputSerializer(
        many=True, help_text="One entry per question asked; a question left out is recorded as not asked."
    )

    def validate_person(self, value):
        member = CaseMember.objects.filter(case=self.context["case"], person_id=value).select_related("person").first()
        if member is None:
            raise serializers.ValidationError(_("This person is not a member of the case."))
        return member.person

    def validate_answers(self, value):
        seen = set()
        for i, item in enumerate(value):
            if item["question"] in seen:
                raise serializers.ValidationError({i: {"question": [_("This question is answered twice.")]}})
            seen.add(item["question"])
        return value


class CaseScreeningsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        operation_id="cases_screenings_list",
        summary="The vulnerability screenings of a case",
        description="Every screening of every member, newest first, with the answers. Only for the counsellors and "
        "team leaders of the case's office (403 for other roles that see the case, 404 for anyone else).",
        responses={200: ScreeningSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_screening(request.user, pk)
        screenings = Screening.objects.filter(case=case).prefetch_related("answers")
        person = request.query_params.get("person")
        if person is not None:
            screenings = screenings.filter(person_id=person) if person.isdigit() else screenings.none()
        return Response(ScreeningSerializer(screenings, many=True).data)

    @extend_schema(
        operation_id="cases_screenings_create",
        summary="Record a vulnerability screening of a case member",
        description="A yes records the vulnerability on the person (unless already recorded) and makes the "
        "follow-up task; a no never removes a recorded vulnerability (listed under `kept`).",
        request=ScreeningCreateSerializer,
        responses={201: RecordedScreeningSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_screening(request.user, pk)
        serializer = ScreeningCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = record_screening(
            case,
            data["person"],
            by=request.user,
            answers={a["question"]: (a["answer"], a["details"]) for a in data["answers"]},
            screened_at=data.get("screened_at"),
            notes=data["notes"],
        )
        fresh = Screening.objects.prefetch_related("answers").get(pk=screening.pk)
        for name in ("new_vulnerabilities", "new_tasks", "kept"):
            setattr(fresh, name, getattr(screening, name))
        return Response(RecordedScreeningSerializer(fresh).data, status=status.HTTP_201_CREATED)
