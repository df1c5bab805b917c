"""Eligibility in the API: evaluate facts sent by a client against the
published rules, through the same service as the case page. It reads no
personal data and stores nothing."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import AdministrativeStatus
from core.api import CountryCodeField, NamedChoiceField, OfficeTimezoneMixin, problems
from eligibility.facts import Facts, Member
from eligibility.models import Programme
from eligibility.service import evaluate_programme, programmes_for
from organisations.access import memberships_of
from organisations.models import Office
from people.models import VulnerabilityKind

MAX_AGE = 120
MAX_HOUSEHOLD = 30
# Dates that cannot come after the application.
EARLIER_DATES = ("asylum_decision_date", "removal_order_date", "arrival_date")

# --- Input ---------------------------------------------------------------------


class HouseholdMemberFactsSerializer(serializers.Serializer):
    age = serializers.IntegerField(
        min_value=0, max_value=MAX_AGE, required=False, allow_null=True, help_text="In whole years on `date`."
    )
    vulnerabilities = serializers.ListField(
        child=NamedChoiceField(VulnerabilityKind.choices, enum_name="VulnerabilityKind"), required=False, default=list
    )


class EligibilityFactsSerializer(serializers.Serializer):
    """The facts an evaluation reads. Every fact may be left out: a rule that
    needs it then reports it by name in `missing_facts`, and nothing is guessed."""

    programme = serializers.CharField(
        required=False, max_length=40, help_text="A programme code; left out, every programme the user's agency runs."
    )
    date = serializers.DateField(required=False, allow_null=True, help_text="The date of the application.")
    nationality = CountryCodeField(required=False, allow_null=True)
    country_of_return = CountryCodeField(required=False, allow_null=True)
    administrative_status = serializers.ChoiceField(
        choices=AdministrativeStatus.choices, required=False, allow_null=True
    )
    asylum_decision_date = serializers.DateField(required=False, allow_null=True)
    removal_order_date = serializers.DateField(required=False, allow_null=True)
    arrival_date = serializers.DateField(required=False, allow_null=True, help_text="Arrival in the host country.")
    household = HouseholdMemberFactsSerializer(
        many=True,
        required=False,
        max_length=MAX_HOUSEHOLD,
        help_text="Everyone the application covers, the principal applicant included.",
    )
    holds_travel_document = serializers.BooleanField(required=False, allow_null=True, default=None)
    previous_return_aid = serializers.BooleanField(required=False, allow_null=True, default=None)
    removal_order_authority = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=100, help_text="For example prefecture-nord."
    )
    office = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=20, help_text="The code of the office."
    )

    def validate_programme(self, code: str) -> Programme:
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise serializers.ValidationError(_("No programme has the code “%(code)s”.") % {"code": code})
        return programme

    def validate_office(self, code: str | None) -> str | None:
        if code and not Office.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("No office has the code “%(code)s”.") % {"code": code})
        return code or None

    def validate(self, attrs):
        application = attrs.get("date")
        errors = {}
        for name in EARLIER_DATES:
            value = attrs.get(name)
            if value is None:
                continue
            if application is not None and value > application:
                errors[name] = _("This date is after the date of the application.")
            elif application is None and value > timezone.localdate():
                errors[name] = _("This date cannot be in the future.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def facts(self) -> Facts:
        data = self.validated_data
        household = tuple(
            Member(age=m.get("age"), vulnerabilities=tuple(dict.fromkeys(m.get("vulnerabilities", []))))
            for m in data.get("household", [])
        )
        return Facts(
            date=data.get("date"),
            nationality=data.get("nationality") or None,
            country_of_return=data.get("country_of_return") or None,
            administrative_status=data.get("administrative_status") or None,
            asylum_decision_date=data.get("asylum_decision_date"),
            removal_order_date=data.get("removal_order_date"),
            arrival_date=data.get("arrival_date"),
            household=household,
            holds_travel_document=data.get("holds_travel_document"),
            previous_return_aid=data.get("previous_return_aid"),
            removal_order_authority=data.get("removal_order_authority") or None,
            office=data.get("office"),
        )


# --- Output --------------------------------------------------------------------


def _money(**kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True, **kwargs)


class PackageComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    amount = _money(help_text='A decimal string, e.g. "350.00".')
    currency = serializers.CharField(help_text="ISO 4217.")
    form = NamedChoiceField([("cash", "cash"), ("in_kind", "in kind")], enum_name="PackageForm")
    paid = NamedChoiceField(
        [("at_departure", "at departure"), ("after_arrival", "after arrival")], enum_name="PackagePaid"
    )
    unverified = serializers.BooleanField(help_text="The amount comes from a figure not yet checked at its source.")
    members = serializers.ListField(
        child=_money(),
        required=False,
        help_text="For a component counted per member: each member's share, in household order.",
    )


class DiscretionaryComponentSerializer(PackageComponentSerializer):
    up_to = serializers.BooleanField(help_text="Always true: `amount` is the most that may be granted.")


class EligibilityResultSerializer(serializers.Serializer):
    programme = serializers.CharField()
    rule_version = serializers.CharField(allow_null=True, help_text="The version of the rules in force on `date`.")
    rule_version_id = serializers.IntegerField(allow_null=True)
    eligible = serializers.BooleanField(allow_null=True, help_text="null while missing facts decide it.")
    reasons = serializers.ListField(child=serializers.CharField())
    missing_facts = serializers.ListField(
        child=serializers.CharField(), help_text="The facts a rule needs and the request left out, by name."
    )
    components = PackageComponentSerializer(many=True)
    total = _money()
    currency = serializers.CharField()
    explanation = serializers.ListField(
        child=serializers.CharField(), help_text="Line by line, each naming the rule behind it in brackets."
    )
    unverified = serializers.BooleanField()
    discretionary = DiscretionaryComponentSerializer(
        many=True,
        default=list,
        help_text="Envelopes granted case by case, up to `amount` each: never counted in `total`.",
    )


# --- Views ---------------------------------------------------------------------

_EXAMPLE = {
    "programme": "fedasil-return",
    "date": "2026-03-01",
    "nationality": "GN",
    "country_of_return": "GN",
    "administrative_status": "asylum_rejected",
    "household": [{"age": 34}, {"age": 4, "vulnerabilities": ["minor"]}],
    "holds_travel_document": True,
    "previous_return_aid": False,
}


class EvaluateView(OfficeTimezoneMixin, APIView):
    parser_classes = [JSONParser]  # the household is a nested list: JSON only

    @extend_schema(
        tags=["eligibility"],
        summary="Evaluate facts against the published rules",
        description=(
            "For one programme (`programme`), or for every programme the user's agency runs: eligibility with its "
            "reasons, the package component by component and its total, and an explanation naming the rule "
            "behind each line. Facts a rule needs and the request left out are listed in `missing_facts`. "
            "Any staff member may call it: it reads no personal data and stores nothing."
        ),
        request=EligibilityFactsSerializer,
        responses={200: EligibilityResultSerializer(many=True), **problems(400, 401, 403)},
        examples=[OpenApiExample("A family of two", value=_EXAMPLE, request_only=True)],
    )
    def post(self, request):
        if not memberships_of(request.user):
            raise PermissionDenied(_("Only staff of an agency or partner may evaluate eligibility."))
        serializer = EligibilityFactsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chosen = serializer.validated_data.get("programme")
        programmes = [chosen] if chosen else programmes_for(request.user)
        facts = serializer.facts()
        results = [evaluate_programme(programme, facts) for programme in programmes]
        return Response(EligibilityResultSerializer(results, many=True).data)
