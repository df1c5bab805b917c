"""Staff exchanges in the API: list, detail (with what earlier exchanges
learned), create and change; the same access (exchanges.access), actions and
reads (exchanges.lessons) as the pages."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import problems
from exchanges import actions
from exchanges.access import (
    exchanging_agencies,
    get_exchange_for_user,
    may_record,
    may_see_exchanges,
    visible_exchanges,
)
from exchanges.lessons import attach_outcomes, earlier_exchanges, participants_prefetch
from exchanges.models import Exchange, Theme
from guides.models import Guide, PracticeNote
from organisations.models import Office


class ParticipantSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id", allow_null=True)
    name = serializers.CharField(source="display_name")
    details = serializers.CharField()


class MaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    note = serializers.CharField()


class ExchangeSummarySerializer(serializers.ModelSerializer):
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices), source="theme_codes")

    class Meta:
        model = Exchange
        fields = ["id", "title", "host_agency", "visiting_agency", "starts_on", "ends_on", "themes", "follows"]
        read_only_fields = fields


class EarlierSerializer(ExchangeSummarySerializer):
    same_agencies = serializers.BooleanField()
    lessons = serializers.CharField()

    class Meta(ExchangeSummarySerializer.Meta):
        fields = [*ExchangeSummarySerializer.Meta.fields, "same_agencies", "lessons"]
        read_only_fields = fields


class ExchangeSerializer(ExchangeSummarySerializer):
    host_offices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    visiting_offices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    guides = serializers.SerializerMethodField(help_text="The linked guides the caller may see.")
    practice_notes = serializers.SerializerMethodField(help_text="The linked practice notes the caller may see.")
    earlier = serializers.SerializerMethodField(
        help_text="Earlier exchanges between the same agencies or on the same themes, with their lessons."
    )

    class Meta(ExchangeSummarySerializer.Meta):
        fields = [
            *ExchangeSummarySerializer.Meta.fields,
            "host_offices",
            "visiting_offices",
            "participants",
            "agenda",
            "lessons",
            "materials",
            "guides",
            "practice_notes",
            "earlier",
            "version",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_guides(self, obj) -> list[int]:
        return [g.pk for g in getattr(obj, "shown_guides", [])]

    def get_practice_notes(self, obj) -> list[int]:
        return [n.pk for n in getattr(obj, "shown_notes", [])]

    @extend_schema_field(EarlierSerializer(many=True))
    def get_earlier(self, obj) -> list[dict]:
        return EarlierSerializer(getattr(obj, "earlier", []), many=True).data


class OtherParticipantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=actions.NAME_MAX)
    details = serializers.CharField(max_length=actions.NAME_MAX, required=False, allow_blank=True, default="")


class ExchangeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    host_agency = serializers.PrimaryKeyRelatedField(queryset=exchanging_agencies())
    visiting_agency = serializers.PrimaryKeyRelatedField(queryset=exchanging_agencies())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    host_offices = serializers.PrimaryKeyRelatedField(many=True, queryset=Office.objects.all(), required=False)
    visiting_offices = serializers.PrimaryKeyRelatedField(many=True, queryset=Office.objects.all(), required=False)
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices), required=False)
    participant_users = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    other_participants = OtherParticipantSerializer(many=True, required=False)
    agenda = serializers.CharField(required=False, allow_blank=True)
    lessons = serializers.CharField(required=False, allow_blank=True)
    guides = serializers.PrimaryKeyRelatedField(many=True, queryset=Guide.objects.all(), required=False)
    practice_notes = serializers.PrimaryKeyRelatedField(many=True, queryset=PracticeNote.objects.all(), required=False)
    follows = serializers.PrimaryKeyRelatedField(queryset=Exchange.objects.all(), required=False, allow_null=True)

    def validate_follows(self, value):
        # The same answer whether it does not exist or the caller may not see it.
        if value is not None and not visible_exchanges(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(_("No such exchange."))
        return value

    def for_action(self) -> dict:
        data = dict(self.validated_data)
        if "other_participants" in data:
            data["other_participants"] = [(p["name"], p["details"]) for p in data["other_participants"]]
        return data


class ExchangeUpdateSerializer(ExchangeWriteSerializer):
    version = serializers.IntegerField(help_text="The version read; a change made since is refused (409).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


def _detail(user, exchange: Exchange) -> dict:
    exchange = (
        Exchange.objects.prefetch_related(
            "theme_rows", "host_offices", "visiting_offices", participants_prefetch(), "materials"
        )
        .select_related("follows")
        .get(pk=exchange.pk)
    )
    attach_outcomes(user, [exchange])
    exchange.earlier = earlier_exchanges(
        user,
        host_id=exchange.host_agency_id,
        visiting_id=exchange.visiting_agency_id,
        themes=exchange.theme_codes,
        before=exchange.starts_on,
        exclude=exchange,
        follows=exchange.follows,
    )
    return ExchangeSerializer(exchange).data


class ExchangeListView(APIView):
    @extend_schema(
        operation_id="exchanges_list",
        summary="Staff exchanges of the caller's agencies",
        description="Exchanges hosted or visited by an agency the caller works for (not partner caseworkers).",
        responses={200: ExchangeSummarySerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        if not may_see_exchanges(request.user):  # as the page: partners and outsiders get 403
            raise PermissionDenied
        exchanges = visible_exchanges(request.user).prefetch_related("theme_rows").order_by("-starts_on", "-pk")
        return Response(ExchangeSummarySerializer(exchanges, many=True).data)

    @extend_schema(
        operation_id="exchanges_create",
        summary="Record a staff exchange",
        description="Agency administrators and team leaders of the host or the visiting agency.",
        request=ExchangeWriteSerializer,
        responses={201: ExchangeSerializer, **problems(400, 401, 403, 422)},
    )
    def post(self, request):
        if not may_record(request.user):
            raise PermissionDenied
        serializer = ExchangeWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        exchange = actions.create_exchange(by=request.user, **serializer.for_action())
        return Response(_detail(request.user, exchange), status=status.HTTP_201_CREATED)


class ExchangeDetailView(APIView):
    @extend_schema(
        operation_id="exchanges_retrieve",
        summary="One staff exchange",
        responses={200: ExchangeSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        return Response(_detail(request.user, get_exchange_for_user(request.user, pk)))

    @extend_schema(
        operation_id="exchanges_partial_update",
        summary="Change a staff exchange",
        description="Fields left out keep their value; `version` is required (409 when someone changed it since).",
        request=ExchangeUpdateSerializer,
        responses={200: ExchangeSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def patch(self, request, pk: int):
        exchange = get_exchange_for_user(request.user, pk, edit=True)
        serializer = ExchangeUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.for_action()
        version = data.pop("version")
        exchange = actions.update_exchange(exchange, by=request.user, expected_version=version, **data)
        return Response(_detail(request.user, exchange))
