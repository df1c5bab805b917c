"""The reintegration plan, its purchases in kind and the partners' exchange
rates in the API: the same actions and access as the plan page. Amounts are
decimal strings; euro figures use the partner's rate table (no internet
call). Refusals are RFC 9457 problems naming the field (lines for a plan over
its ceiling, currency for a missing rate)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, require
from core.api import OfficeTimezoneMixin, problems
from reintegration import actions_plans as actions
from reintegration import actions_purchases as purchases
from reintegration.access_plans import (
    PC,
    SEE_PLAN,
    may_see_rates,
    partner_referral,
    rate_agencies_readable,
    rate_agencies_writable,
)
from reintegration.models import Area, BudgetLine, Disbursement, ExchangeRate, Objective, Plan

# Output ------------------------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "area", "description", "position"]
        read_only_fields = fields


class LineSerializer(serializers.ModelSerializer):
    amount_eur = serializers.SerializerMethodField(help_text="At the partner's rate on the plan's valuation date.")

    class Meta:
        model = BudgetLine
        fields = ["id", "category", "description", "amount", "currency", "supplier", "position", "amount_eur"]
        read_only_fields = fields

    def get_amount_eur(self, line) -> str | None:
        value = getattr(line, "amount_eur", None)
        return None if value is None else str(value)


class PlanSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True)
    lines = serializers.SerializerMethodField()
    total_eur = serializers.SerializerMethodField()
    ceiling_eur = serializers.SerializerMethodField(
        help_text="The approved reintegration budget: as at submission once submitted, else today's."
    )
    valued_on = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "version",
            "status",
            "summary",
            "partner",
            "objectives",
            "lines",
            "total_eur",
            "ceiling_eur",
            "valued_on",
            "drafted_by",
            "drafted_at",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "lock_version",
        ]
        read_only_fields = fields

    def get_lines(self, plan) -> list[dict]:
        return LineSerializer(plan.line_rows, many=True).data

    def get_total_eur(self, plan) -> str | None:
        return None if plan.total_eur is None else str(plan.total_eur)

    def get_ceiling_eur(self, plan) -> str | None:
        return None if plan.ceiling_eur is None else str(plan.ceiling_eur)

    def get_valued_on(self, plan) -> str:
        return actions.valuation_date(plan).isoformat()

    def get_partner(self, plan) -> int | None:
        return plan.referral.partner_id if plan.referral_id else None


class DisbursementSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="plan.version", read_only=True)
    warning = serializers.SerializerMethodField(help_text="Outside the programme window, or null.")

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "plan",
            "version",
            "line",
            "what",
            "supplier",
            "on",
            "amount",
            "currency",
            "euros_per_unit",
            "amount_eur",
            "proof",
            "warning",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_warning(self, d) -> str | None:
        return getattr(d, "warning", None)


class DisbursementCreatedSerializer(DisbursementSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(DisbursementSerializer.Meta):
        fields = [*DisbursementSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class LineSpendSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    budget_eur = serializers.CharField(allow_null=True)
    spent_eur = serializers.CharField()
    left_eur = serializers.CharField(allow_null=True)


class PurchasesSerializer(serializers.Serializer):
    plan = serializers.IntegerField(allow_null=True, help_text="The approved version in force.")
    arrival = serializers.DateField(allow_null=True)
    total_eur = serializers.CharField(allow_null=True)
    spent_eur = serializers.CharField()
    left_eur = serializers.CharField(allow_null=True)
    lines = LineSpendSerializer(many=True)
    disbursements = DisbursementSerializer(many=True)


class RateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["id", "agency", "currency", "on", "euros_per_unit", "entered_by", "entered_at"]
        read_only_fields = fields


# Input ---------------------------------------------------------------------------------------


class StartSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class _Locked(serializers.Serializer):
    lock_version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The plan's lock_version you saw; 409 if it changed."
    )


class ObjectiveInputSerializer(_Locked):
    area = serializers.ChoiceField(choices=Area.choices)
    description = serializers.CharField()


class LineInputSerializer(_Locked):
    category = serializers.ChoiceField(choices=Area.choices)
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField(min_length=3, max_length=3)
    supplier = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField(help_text="The plan's lock_version you decided on; 409 if it changed.")


class ReturnSerializer(DecideSerializer):
    reason = serializers.CharField()


class DisbursementInputSerializer(serializers.Serializer):
    line = serializers.IntegerField(required=False, allow_null=True)
    what = serializers.CharField(max_length=300)
    supplier = serializers.CharField(max_length=200)
    on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(min_length=3, max_length=3)
    proof = serializers.FileField(help_text="The receipt or invoice (multipart/form-data).")

    def validate_line(self, value):
        if value is None:
            return None
        plan = self.context["plan"]
        line = plan.lines.filter(pk=value).first() if plan else None
        if line is None:
            raise serializers.ValidationError(_("Choose a budget line of the approved plan in force."))
        return line


class RateInputSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, help_text="Needed only if you work for several partners.")
    currency = serializers.CharField(min_length=3, max_length=3)
    on = serializers.DateField()
    euros_per_unit = serializers.DecimalField(max_digits=14, decimal_places=8)


# Views ---------------------------------------------------------------------------------------


def _read(request, pk):
    case = get_case_for_user(request.user, pk)
    require(case, SEE_PLAN)
    return case


def _writer(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, SEE_PLAN)
    if PC not in case.user_roles or partner_referral(request.user, case) is None:
        raise PermissionDenied
    return case


def _plan(case, plan_pk) -> Plan:
    plan = (
        case.reintegration_plans.select_related("referral__partner", "case__office")
        .prefetch_related("objectives", "lines")
        .filter(pk=plan_pk)
        .first()
    )
    if plan is None:
        raise NotFound
    return plan


def _with_figures(case, plan: Plan) -> Plan:
    plan.line_rows = list(plan.lines.all())
    plan.total_eur, _missing = actions.value_lines(plan, plan.line_rows)
    if plan.status in actions.EDITABLE_PLAN:
        plan.ceiling_eur = actions.ceiling_for(case, actions.plan_agency(plan), timezone.localdate()).total
    else:
        plan.ceiling_eur = plan.ceiling
    return plan


def _plan_out(case, plan, code=200):
    plan = _plan(case, plan.pk)
    return Response(PlanSerializer(_with_figures(case, plan)).data, status=code)


class PlansView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The versions of a case's reintegration plan",
        operation_id="cases_reintegration_plans_list",
        description="Newest first, with objectives, budget lines and euro figures. For the sending office "
        "(all but travel-free outsiders) and the partner caseworkers the case is referred to.",
        responses={200: PlanSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = _read(request, pk)
        plans = (
            case.reintegration_plans.select_related("referral__partner")
            .prefetch_related("objectives", "lines")
            .order_by("-version")
        )
        return Response(PlanSerializer([_with_figures(case, p) for p in plans], many=True).data)

    @extend_schema(
        summary="Start the plan, or amend the approved one",
        description="Partner caseworkers with an accepted referral. An amendment is a new version in draft "
        "with a copy of the approved version's objectives and lines; refused (422) while a version is "
        "in draft, submitted or sent back.",
        request=StartSerializer,
        responses={201: PlanSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _writer(request, pk)
        serializer = StartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = actions.start_plan(case, by=request.user, **serializer.validated_data)
        return _plan_out(case, plan, status.HTTP_201_CREATED)


class PlanView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="One version of the plan",
        operation_id="cases_reintegration_plan_retrieve",
        responses={200: PlanSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, pk: int, plan_pk: int):
        case = _read(request, pk)
        return Response(PlanSerializer(_with_figures(case, _plan(case, plan_pk))).data)


class ObjectivesView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Add an objective to a version in draft or sent back",
        request=ObjectiveInputSerializer,
        responses={201: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int, plan_pk: int):
        case = _writer(request, pk)
        plan = _plan(case, plan_pk)
        serializer = ObjectiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.add_objective(plan, by=request.user, expected_version=data.pop("lock_version", None), **data)
        return _plan_out(case, plan, status.HTTP_201_CREATED)


class ObjectiveView(OfficeTimezoneMixin, APIView):
    def _item(self, request, pk, plan_pk, item_pk):
        case = _writer(request, pk)
        plan = _plan(case, plan_pk)
        item = Objective.objects.filter(plan=plan, pk=item_pk).first()
        if item is None:
            raise NotFound
        return case, plan, item

    @extend_schema(
        summary="Change an objective",
        request=ObjectiveInputSerializer,
        responses={200: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def put(self, request, pk: int, plan_pk: int, item_pk: int):
        case, plan, item = self._item(request, pk, plan_pk, item_pk)
        serializer = ObjectiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.update_objective(item, by=request.user, expected_version=data.pop("lock_version", None), **data)
        return _plan_out(case, plan)

    @extend_schema(summary="Remove an objective", responses={200: PlanSerializer, **problems(401, 403, 404, 422)})
    def delete(self, request, pk: int, plan_pk: int, item_pk: int):
        case, plan, item = self._item(request, pk, plan_pk, item_pk)
        actions.delete_objective(item, by=request.user)
        return _plan_out(case, plan)


class LinesView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Add a budget line to a version in draft or sent back",
        request=LineInputSerializer,
        responses={201: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int, plan_pk: int):
        case = _writer(request, pk)
        plan = _plan(case, plan_pk)
        serializer = LineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.add_line(plan, by=request.user, expected_version=data.pop("lock_version", None), **data)
        return _plan_out(case, plan, status.HTTP_201_CREATED)


class LineView(OfficeTimezoneMixin, APIView):
    def _item(self, request, pk, plan_pk, item_pk):
        case = _writer(request, pk)
        plan = _plan(case, plan_pk)
        item = BudgetLine.objects.filter(plan=plan, pk=item_pk).first()
        if item is None:
            raise NotFound
        return case, plan, item

    @extend_schema(
        summary="Change a budget line",
        request=LineInputSerializer,
        responses={200: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def put(self, request, pk: int, plan_pk: int, item_pk: int):
        case, plan, item = self._item(request, pk, plan_pk, item_pk)
        serializer = LineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actions.update_line(item, by=request.user, expected_version=data.pop("lock_version", None), **data)
        return _plan_out(case, plan)

    @extend_schema(summary="Remove a budget line", responses={200: PlanSerializer, **problems(401, 403, 404, 422)})
    def delete(self, request, pk: int, plan_pk: int, item_pk: int):
        case, plan, item = self._item(request, pk, plan_pk, item_pk)
        actions.delete_line(item, by=request.user)
        return _plan_out(case, plan)


class SubmitView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Submit a version for approval",
        description="Refused (422, field lines) over the approved reintegration budget or when a line's "
        "currency has no rate in the partner's table on or before today.",
        request=DecideSerializer,
        responses={200: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int, plan_pk: int):
        case = _writer(request, pk)
        plan = _plan(case, plan_pk)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.submit_plan(plan, by=request.user, expected_version=serializer.validated_data["lock_version"])
        return _plan_out(case, plan)


class ApproveView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Approve a submitted version",
        description="Team leaders and agency administrators of the sending office, never the person who "
        "drafted the version (403). The version in force before it becomes superseded.",
        request=DecideSerializer,
        responses={200: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int, plan_pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, SEE_PLAN)
        plan = _plan(case, plan_pk)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.approve_plan(plan, by=request.user, expected_version=serializer.validated_data["lock_version"])
        return _plan_out(case, plan)


class ReturnView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Send a submitted version back with a reason",
        request=ReturnSerializer,
        responses={200: PlanSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int, plan_pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, SEE_PLAN)
        plan = _plan(case, plan_pk)
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.return_plan(plan, by=request.user, reason=data["reason"], expected_version=data["lock_version"])
        return _plan_out(case, plan)


class DisbursementsView(OfficeTimezoneMixin, APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="Purchases in kind of a case, with what is spent and left",
        description="In euros, against the approved version in force: the plan and each of its lines.",
        responses={200: PurchasesSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = _read(request, pk)
        plan = actions.version_in_force(case)
        spent = purchases.consumption(case, plan)
        arrival = actions.arrival_date(case)
        for d in spent["disbursements"]:
            d.warning = purchases.window_warning(arrival, d.on, d.line.category if d.line_id else None)
        body = {
            "plan": plan.pk if plan else None,
            "arrival": arrival,
            "total_eur": _s(spent.get("total")),
            "spent_eur": str(spent["spent"]),
            "left_eur": _s(spent.get("left")),
            "lines": [
                {
                    "line": line.pk,
                    "budget_eur": _s(line.amount_eur),
                    "spent_eur": str(line.spent),
                    "left_eur": _s(line.left),
                }
                for line in spent.get("lines", [])
            ],
            "disbursements": spent["disbursements"],
        }
        return Response(PurchasesSerializer(body).data)

    @extend_schema(
        summary="Record a purchase in kind",
        description="Partner caseworkers with an accepted referral, against the approved version in force, "
        "as multipart/form-data with the proof. Refused (422, field currency) when the partner's table has "
        "no rate for the currency on or before the date. `warnings` lists purchases outside the programme "
        "window (12 months from arrival, 6 for a medical line) and overspent lines; none refuses.",
        request={"multipart/form-data": DisbursementInputSerializer},
        responses={201: DisbursementCreatedSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _writer(request, pk)
        plan = actions.version_in_force(case)
        serializer = DisbursementInputSerializer(data=request.data, context={"plan": plan})
        serializer.is_valid(raise_exception=True)
        d = purchases.record_disbursement(case, by=request.user, **serializer.validated_data)
        return Response(DisbursementCreatedSerializer(d).data, status=status.HTTP_201_CREATED)


def _s(value) -> str | None:
    return None if value is None else str(value)


class RatesView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Exchange rates of the partners",
        description="Partner caseworkers see their organisation's table; the sending side reads the tables "
        "of the partners its cases were referred to. Filter with ?currency=GNF.",
        responses={200: RateSerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        if not may_see_rates(request.user):
            raise PermissionDenied
        rates = ExchangeRate.objects.filter(agency__in=rate_agencies_readable(request.user))
        currency = (request.query_params.get("currency") or "").strip().upper()
        if currency:
            rates = rates.filter(currency=currency)
        return Response(RateSerializer(rates.order_by("agency_id", "currency", "-on")[:1000], many=True).data)

    @extend_schema(
        summary="Add a rate (or replace that day's)",
        description="Partner caseworkers, for their organisation. Purchases already recorded keep their rate.",
        request=RateInputSerializer,
        responses={201: RateSerializer, **problems(400, 401, 403, 422)},
    )
    def post(self, request):
        writable = rate_agencies_writable(request.user)
        if not writable:
            raise PermissionDenied
        serializer = RateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency_pk = data.pop("agency", None)
        agency = writable[0] if agency_pk is None else next((a for a in writable if a.pk == agency_pk), None)
        if agency is None:
            raise PermissionDenied
        rate = purchases.set_rate(agency, by=request.user, **data)
        return Response(RateSerializer(rate).data, status=status.HTTP_201_CREATED)
