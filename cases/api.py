"""Return cases in the API: the same access functions (cases.access) and
actions (cases.actions) as the web pages; nothing here saves a model itself.

Partner caseworkers see a referred case without its asylum file: the
serializers leave those fields out rather than sending them empty."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import actions
from cases.access import (
    EDIT_CASE,
    RECORD_CONSENT,
    SEE_ASYLUM_FILE,
    can,
    get_case_for_user,
    require,
    visible_cases,
)
from cases.lifecycle import Status
from cases.models import (
    AdministrativeStatus,
    CaseMember,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ConsentState,
    ProcedureStage,
    ReferralSource,
    ReturnCase,
    Transition,
)
from cases.search import filter_cases
from core.api import (
    CountryCodeField,
    LanguageCodeField,
    NamedChoiceField,
    OfficeTimezoneMixin,
    not_in_future,
    office_for_create,
    problems,
)
from counselling.api import InterviewSummarySerializer
from organisations.access import partner_agency_ids, roles_for_office
from organisations.models import Agency, AgencyKind, Office
from people.access import visible_people
from people.models import Person, Relation

# The consents a partner's work rests on: the only ones a partner sees.
PARTNER_CONSENTS = ["partner_sharing", "story", "story_photo"]
ASYLUM_FIELDS = [
    "administrative_status",
    "procedure_stage",
    "asylum_decision_date",
    "removal_order_date",
    "referral_source",
]


class StatusField(NamedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(Status.choices, enum_name="CaseStatus", **kwargs)


# --- Output --------------------------------------------------------------------


class CaseSummarySerializer(serializers.ModelSerializer):
    """A row of the case list: nothing from the asylum file, so every persona
    who can see the case may see the row."""

    status = StatusField(read_only=True)
    office_code = serializers.CharField(source="office.code", read_only=True)
    principal_name = serializers.CharField(source="principal.full_name", read_only=True)
    principal_nationality = CountryCodeField(source="principal.nationality", read_only=True)
    country_of_return = CountryCodeField(read_only=True)

    class Meta:
        model = ReturnCase
        fields = [
            "id",
            "number",
            "status",
            "office",
            "office_code",
            "principal",
            "principal_name",
            "principal_nationality",
            "counsellor",
            "country_of_return",
            "opened_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class CaseMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    relation = serializers.ChoiceField(choices=Relation.choices, read_only=True)

    class Meta:
        model = CaseMember
        fields = ["person", "name", "relation"]
        read_only_fields = fields


class CaseDetailSerializer(CaseSummarySerializer):
    """One case. The asylum fields and interviews are present only for roles
    that may see the asylum file (not partner caseworkers)."""

    members = CaseMemberSerializer(source="case_members", many=True, read_only=True)
    # Not read_only, so that the schema does not list them as always present;
    # this serializer only ever renders.
    administrative_status = serializers.ChoiceField(choices=AdministrativeStatus.choices, required=False)
    procedure_stage = serializers.ChoiceField(choices=ProcedureStage.choices, required=False)
    asylum_decision_date = serializers.DateField(required=False, allow_null=True)
    removal_order_date = serializers.DateField(required=False, allow_null=True)
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices, required=False)
    interviews = InterviewSummarySerializer(many=True, required=False)

    class Meta(CaseSummarySerializer.Meta):
        fields = [*CaseSummarySerializer.Meta.fields, "region_of_return", "members", *ASYLUM_FIELDS, "interviews"]
        read_only_fields = [f for f in fields if f not in {*ASYLUM_FIELDS, "interviews"}]

    def get_fields(self):
        fields = super().get_fields()
        case = self.instance
        if isinstance(case, ReturnCase) and not can(case, SEE_ASYLUM_FILE):
            for name in [*ASYLUM_FIELDS, "interviews"]:
                fields.pop(name)
        return fields


def _detail(user, pk) -> ReturnCase:
    """The case as the user may see it, with what the detail shows prefetched."""
    case = get_case_for_user(user, pk)
    related = ["case_members__person"]
    if can(case, SEE_ASYLUM_FILE):
        related.append("interviews")
    fresh = ReturnCase.objects.select_related("office", "principal").prefetch_related(*related).get(pk=case.pk)
    fresh.user_roles = case.user_roles
    return fresh


class TransitionSerializer(serializers.ModelSerializer):
    from_status = StatusField(read_only=True, allow_blank=True, help_text="Empty for the opening of the case.")
    to_status = StatusField(read_only=True)
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = ["id", "from_status", "to_status", "by", "by_name", "at", "reason"]
        read_only_fields = fields

    def get_by_name(self, transition: Transition) -> str:
        return transition.by.get_full_name() or transition.by.get_username()


class AvailableMoveSerializer(serializers.Serializer):
    to_status = StatusField()
    label = serializers.CharField()
    reason_required = serializers.BooleanField()
    allowed = serializers.BooleanField(help_text="False while something in blocked_reasons is still missing.")
    blocked_reasons = serializers.ListField(child=serializers.CharField())


class TransitionsSerializer(serializers.Serializer):
    status = StatusField()
    version = serializers.IntegerField()
    history = TransitionSerializer(many=True)
    available = AvailableMoveSerializer(many=True, help_text="The moves the user's roles allow from this status.")


class TransitionResultSerializer(serializers.Serializer):
    status = StatusField()
    version = serializers.IntegerField()
    transition = TransitionSerializer()


class ConsentSerializer(serializers.ModelSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices, read_only=True)
    state = serializers.ChoiceField(choices=ConsentState.choices, read_only=True)
    method = serializers.ChoiceField(choices=ConsentMethod.choices, read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "person", "purpose", "state", "date", "language", "method", "partner", "recorded_at"]
        read_only_fields = fields


# --- Input ---------------------------------------------------------------------


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the user can see; anyone else reads as "does not exist"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def get_queryset(self):
        return visible_people(self.context["request"].user)


def _counsellor_at(office, user_pk):
    """The user `user_pk` if they may counsel at `office`; the same error
    whether they do not exist or work elsewhere."""
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not roles_for_office(user, office) & EDIT_CASE:
        raise serializers.ValidationError({"counsellor": _("This user does not counsel at the case's office.")})
    return user


class _CaseFieldsSerializer(serializers.Serializer):
    country_of_return = CountryCodeField()
    region_of_return = serializers.CharField(max_length=150, required=False, allow_blank=True)
    administrative_status = serializers.ChoiceField(choices=AdministrativeStatus.choices)
    procedure_stage = serializers.ChoiceField(choices=ProcedureStage.choices, required=False, allow_blank=True)
    asylum_decision_date = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])
    removal_order_date = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices)
    counsellor = serializers.IntegerField(required=False, allow_null=True, help_text="User id of the counsellor.")


class NewMemberSerializer(serializers.Serializer):
    person = VisiblePersonField()
    relation = serializers.ChoiceField(choices=[c for c in Relation.choices if c[0] != Relation.PRINCIPAL])


class CaseCreateSerializer(_CaseFieldsSerializer):
    office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.select_related("agency"))
    principal = VisiblePersonField(help_text="The principal applicant: a person the user can see.")
    members = NewMemberSerializer(many=True, required=False, help_text="The household members the case covers.")

    def validate(self, attrs):
        seen = {attrs["principal"].pk}
        errors = {}
        for i, member in enumerate(attrs.get("members", [])):
            if member["person"].pk in seen:
                errors[i] = {"person": [_("This person is already on the case.")]}
            seen.add(member["person"].pk)
        if errors:
            raise serializers.ValidationError({"members": errors})
        if attrs.get("counsellor") is not None:
            attrs["counsellor"] = _counsellor_at(attrs["office"], attrs["counsellor"])
        return attrs


class CaseUpdateSerializer(_CaseFieldsSerializer):
    """Every field optional except `version`, the one the client last read."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False

    def validate(self, attrs):
        if attrs.get("counsellor") is not None:
            attrs["counsellor"] = _counsellor_at(self.context["case"].office, attrs["counsellor"])
        return attrs


class CaseFilterSerializer(serializers.Serializer):
    status = StatusField(required=False, allow_blank=True)
    office = serializers.IntegerField(required=False, help_text="Office id.")
    counsellor = serializers.IntegerField(required=False, help_text="User id.")
    nationality = CountryCodeField(required=False, allow_blank=True, help_text="The principal applicant's nationality.")
    country_of_return = CountryCodeField(required=False, allow_blank=True)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Case number, any member's name or alias, or an identity document number.",
    )


class TransitionRequestSerializer(serializers.Serializer):
    to_status = StatusField()
    reason = serializers.CharField(required=False, allow_blank=True)


class ConsentCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, help_text="A member of the case; the principal when left out."
    )
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    state = serializers.ChoiceField(choices=ConsentState.choices)
    date = serializers.DateField()
    language = LanguageCodeField(help_text="The language the person was informed in.")
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(kind__in=[AgencyKind.PARTNER, AgencyKind.NGO]),
        required=False,
        allow_null=True,
        help_text="The partner organisation data may be shared with.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["person"].queryset = Person.objects.filter(case_memberships__case=case)


# --- Views ---------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List the cases the user can see",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSummarySerializer(many=True), **problems(400, 401)},
    ),
    post=extend_schema(
        summary="Open a case",
        description="Counsellors, team leaders and agency administrators covering the office.",
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer, **problems(400, 401, 403)},
    ),
)
class CaseListView(OfficeTimezoneMixin, generics.ListCreateAPIView):
    def get_serializer_class(self):
        return CaseCreateSerializer if self.request.method == "POST" else CaseSummarySerializer

    def get_queryset(self):
        cases = visible_cases(self.request.user).select_related("office", "principal")
        filters = CaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        # Validated first so that a bad value is a 400 naming it; then the
        # same filters as the case list page.
        params = {k: str(v) for k, v in filters.validated_data.items()}
        return filter_cases(cases, params, user=self.request.user).order_by("-opened_at", "-pk")

    def create(self, request, *args, **kwargs):
        office = office_for_create(request, EDIT_CASE)
        serializer = CaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("office")
        members = [(m["person"], m["relation"]) for m in data.pop("members", [])]
        case = actions.open_case(by=request.user, office=office, members=members, **data)
        return Response(CaseDetailSerializer(_detail(request.user, case.pk)).data, status=status.HTTP_201_CREATED)


class CaseDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="One case",
        description="Partner caseworkers get it without the asylum fields and interviews.",
        responses={200: CaseDetailSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        return Response(CaseDetailSerializer(_detail(request.user, pk)).data)

    @extend_schema(
        summary="Change a case",
        description=(
            "Counsellors, team leaders and agency administrators of the case's office. Send the `version` you "
            "read; if someone changed the case since, the answer is 409."
        ),
        request=CaseUpdateSerializer,
        responses={200: CaseDetailSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def patch(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, EDIT_CASE)
        serializer = CaseUpdateSerializer(data=request.data, context={"request": request, "case": case})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        actions.update_case(case, by=request.user, expected_version=version, **fields)
        return Response(CaseDetailSerializer(_detail(request.user, pk)).data)


class CaseTransitionsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="A case's status history and the moves available now",
        responses={200: TransitionsSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        available = [
            {
                "to_status": move.to,
                "label": str(move.label),
                "reason_required": move.reason_required,
                "allowed": not reasons,
                "blocked_reasons": reasons,
            }
            for move, reasons in actions.moves_for(request.user, case)
        ]
        body = {
            "status": case.status,
            "version": case.version,
            "history": case.transitions.select_related("by"),
            "available": available,
        }
        data = TransitionsSerializer(body).data
        if not can(case, SEE_ASYLUM_FILE):
            # A partner sees the moves, not the sending office's reasons for them.
            for row in data["history"]:
                row["reason"] = ""
        return Response(data)

    @extend_schema(
        summary="Move a case to another status",
        description=(
            "Who may make a move depends on the move (see `available`). A move the lifecycle does not allow, "
            "or whose conditions are not met, is refused with 422; one the user's role does not allow, with 403."
        ),
        request=TransitionRequestSerializer,
        responses={201: TransitionResultSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        serializer = TransitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = actions.transition(case, data["to_status"], by=request.user, reason=data.get("reason", ""))
        body = {"status": case.status, "version": case.version, "transition": case.transitions.order_by("pk").last()}
        return Response(TransitionResultSerializer(body).data, status=status.HTTP_201_CREATED)


class CaseConsentsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The consents recorded on a case", responses={200: ConsentSerializer(many=True), **problems(401, 404)}
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        consents = case.consents.all()
        if not can(case, SEE_ASYLUM_FILE):
            # A partner sees the consents its work rests on, nothing else.
            mine = Q(partner__isnull=True) | Q(partner__in=partner_agency_ids(request.user))
            consents = consents.filter(mine, purpose__in=PARTNER_CONSENTS)
        return Response(ConsentSerializer(consents, many=True).data)

    @extend_schema(
        summary="Record a consent, refusal or withdrawal",
        description="Counsellors, team leaders and agency administrators of the case's office.",
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, RECORD_CONSENT)
        serializer = ConsentCreateSerializer(data=request.data, context={"request": request, "case": case})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person", None) or case.principal
        consent = actions.record_consent(case, by=request.user, person=person, **data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)
