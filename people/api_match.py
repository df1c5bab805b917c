"""POST /api/people/match: the people already known who look like the one
about to be registered, best first, as people.matching_present shows them
(personal data only of people the caller may see)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CountryCodeField, OfficeTimezoneMixin, problems
from people.api import PartialDateField, _resolve_dob
from people.matching_present import BAND_LABELS, may_match, present
from people.models import DobPrecision, Sex

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


class MatchQuerySerializer(serializers.Serializer):
    """What was typed about the person. Every field is optional, but the
    query needs a name, a document number or a phone number."""

    given_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    other_names = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Other names and spellings, separated by commas or semicolons.",
    )
    date_of_birth = PartialDateField()
    dob_precision = serializers.ChoiceField(
        choices=DobPrecision.choices, required=False, help_text="Implied by the date's format when left out."
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    nationality = CountryCodeField(required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2.")
    document_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text="How many candidates at most."
    )

    def validate(self, attrs):
        _resolve_dob(attrs, partial=False)
        typed = [attrs.get(f, "").strip() for f in ("given_name", "family_name", "document_number", "phone")]
        if not any(typed):
            raise serializers.ValidationError(_("Give at least a name, a document number or a phone number."))
        return attrs

    def record(self):
        from people.matching.record import Record

        data = self.validated_data
        return Record.from_fields(
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            other_names=data.get("other_names", ""),
            date_of_birth=data.get("date_of_birth"),
            dob_precision=data.get("dob_precision", DobPrecision.UNKNOWN),
            sex=data.get("sex", Sex.UNKNOWN),
            nationality=data.get("nationality", "") or "",
            document_number=data.get("document_number", ""),
            phone=data.get("phone", ""),
        )


class MatchReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. family_same, given_variant, names_swapped, dob_year.")
    text = serializers.CharField(help_text="The reason in plain words, in the caller's language.")


class OfficeContactSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()


class MatchCandidateSerializer(serializers.Serializer):
    """One candidate. `visible` false: only office, agency, contact and match."""

    visible = serializers.BooleanField(help_text="Whether the caller may see the person's record.")
    office = serializers.CharField(help_text="The office holding the record.")
    agency = serializers.CharField()
    contact = OfficeContactSerializer(required=False, help_text="Whom to ask. Only when not visible.")
    match = serializers.ChoiceField(
        choices=list(BAND_LABELS),
        help_text="strong: very likely the same person (score 80 or more); likely (60 or more); possible (30 or "
        "more); unlikely: less likely the same person (below 30).",
    )
    person_id = serializers.IntegerField(required=False, help_text="Only when visible.")
    name = serializers.CharField(required=False, help_text="Only when visible.")
    given_name = serializers.CharField(required=False)
    family_name = serializers.CharField(required=False)
    date_of_birth = PartialDateField(read_only=True)
    dob_precision = serializers.ChoiceField(choices=DobPrecision.choices, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    nationality = serializers.CharField(required=False, help_text="ISO 3166-1 alpha-2; empty when unknown.")
    score = serializers.IntegerField(required=False, help_text="0 to 100. Only when visible.")
    reasons = MatchReasonSerializer(many=True, required=False, help_text="Only when visible.")
    reasons_text = serializers.CharField(required=False, help_text="The reasons in one sentence.")
    link = serializers.CharField(required=False, help_text="The person's page in the web app.")


class MatchResultSerializer(serializers.Serializer):
    candidates = MatchCandidateSerializer(many=True)


# Fields of a visible candidate the API returns (the web panel uses a few more
# display-only keys from people.matching_present).
_VISIBLE_KEYS = (
    "visible",
    "person_id",
    "name",
    "given_name",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "nationality",
    "office",
    "agency",
    "score",
    "match",
    "reasons",
    "reasons_text",
    "link",
)
_HIDDEN_KEYS = ("visible", "office", "agency", "contact", "match")


def _api_item(item: dict) -> dict:
    return {k: item[k] for k in (_VISIBLE_KEYS if item["visible"] else _HIDDEN_KEYS)}


class PersonMatchView(OfficeTimezoneMixin, APIView):
    # Not audited, like the people list's search (people.api.PersonListView):
    # a search reads no record, runs as the counsellor types (an event per
    # keystroke would drown the trail), and the typed personal data must not
    # be copied into the audit log. Opening a candidate's record is audited
    # ("person.viewed"), as everywhere.

    @extend_schema(
        summary="People already known who look like this one",
        description=(
            "For counsellors, team leaders, travel officers and agency administrators, before registering "
            "a person (partners, analysts and users without an office get 403). Searches the whole registry, "
            "across offices and agencies, on names in any script and their transliteration variants, names "
            "swapped, partial dates of birth, documents and phone numbers. Candidates come best first. "
            "A candidate the caller may see has `visible: true`, a `person_id`, the name, date of birth, "
            "score and reasons; any other is only the office holding the record and its contact "
            "(`visible: false`), with no personal data, no score and no reasons, once per office."
        ),
        request=MatchQuerySerializer,
        responses={
            200: MatchResultSerializer,
            **problems(400, 401, 403),
        },
        examples=[
            OpenApiExample(
                "A name, a year of birth and a nationality",
                value={
                    "given_name": "Mohammed",
                    "family_name": "Diallo",
                    "date_of_birth": "1990",
                    "dob_precision": "year",
                    "nationality": "GN",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        if not may_match(request.user):
            raise PermissionDenied
        serializer = MatchQuerySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        from people.matching.search import candidates

        found = candidates(serializer.record(), limit=serializer.validated_data["limit"])
        return Response({"candidates": [_api_item(item) for item in present(found, request.user)]})
