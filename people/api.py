"""People in the API: the same access functions (people.access) and actions
(people.actions) as the web pages; nothing here saves a model itself."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CountryCodeField, LanguageCodeField, OfficeTimezoneMixin, office_for_create, problems
from core.audit import record_access
from organisations.models import Office
from people import actions
from people.access import EDIT_PERSON, get_person_for_user, person_roles, shown_vulnerabilities, visible_people
from people.models import (
    Alias,
    AliasKind,
    DobPrecision,
    DocumentType,
    IdentityDocument,
    Person,
    Sex,
    Vulnerability,
    VulnerabilityKind,
)
from people.search import person_search_q
from reintegration.access_referrals import partner_only
from reintegration.api_referrals import PartnerDocumentSerializer, partner_person_data

# --- Dates of birth known only in part ---------------------------------------
#
# Stored as a date with the unknown parts set to 1 and a precision; exchanged
# as "YYYY", "YYYY-MM" or "YYYY-MM-DD" according to that precision, so what a
# client reads it can send back unchanged.

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISION_OF_FORMAT = {1: DobPrecision.YEAR, 2: DobPrecision.YEAR_MONTH, 3: DobPrecision.FULL}
_FORMAT_OF_PRECISION = {DobPrecision.YEAR: "YYYY", DobPrecision.YEAR_MONTH: "YYYY-MM", DobPrecision.FULL: "YYYY-MM-DD"}
EARLIEST_BIRTH_YEAR = 1900


def format_partial_date(value: datetime.date | None, precision: str) -> str | None:
    if value is None or precision == DobPrecision.UNKNOWN:
        return None
    if precision == DobPrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DobPrecision.YEAR_MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """("1990-05", ...) -> (date(1990, 5, 1), "year_month")."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise serializers.ValidationError(_("Give the date as YYYY, YYYY-MM or YYYY-MM-DD."))
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        value = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise serializers.ValidationError(_("This date does not exist."))
    if value.year < EARLIEST_BIRTH_YEAR:
        raise serializers.ValidationError(
            _("A date of birth before %(year)d is not plausible.") % {"year": EARLIEST_BIRTH_YEAR}
        )
    if value > timezone.localdate():
        raise serializers.ValidationError(_("A date of birth cannot be in the future."))
    return value, _PRECISION_OF_FORMAT[len(parts)]


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "example": "1990-05",
        "description": "YYYY, YYYY-MM or YYYY-MM-DD, matching dob_precision (year, year_month, full).",
    }
)
class PartialDateField(serializers.CharField):
    """Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD"; validated data is the string,
    checked against the precision by the serializer (see _resolve_dob)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        parse_partial_date(text)
        return text


def _resolve_dob(attrs: dict, *, partial: bool) -> None:
    """Turn the date_of_birth text and dob_precision in `attrs` into the stored
    date and precision, in place. The precision may be left out: the format
    then says it. Raises ValidationError naming the field at fault."""
    has_date, has_precision = "date_of_birth" in attrs, "dob_precision" in attrs
    if partial and not has_date and not has_precision:
        return
    text = attrs.pop("date_of_birth", None)
    precision = attrs.get("dob_precision")
    if text in (None, ""):
        if precision in (None, DobPrecision.UNKNOWN):
            attrs["date_of_birth"], attrs["dob_precision"] = None, DobPrecision.UNKNOWN
            return
        raise serializers.ValidationError(
            {"date_of_birth": _("Give the date of birth as %(format)s.") % {"format": _FORMAT_OF_PRECISION[precision]}}
        )
    value, implied = parse_partial_date(text)
    if precision == DobPrecision.UNKNOWN:
        raise serializers.ValidationError(
            {"dob_precision": _("The precision cannot be “unknown” when a date of birth is given.")}
        )
    if precision is not None and precision != implied:
        raise serializers.ValidationError(
            {
                "date_of_birth": _("With precision “%(precision)s”, give the date of birth as %(format)s.")
                % {"precision": precision, "format": _FORMAT_OF_PRECISION[precision]}
            }
        )
    attrs["date_of_birth"], attrs["dob_precision"] = value, implied


def _unique(values):
    return list(dict.fromkeys(values))


# --- Serializers ---------------------------------------------------------------


class AliasSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AliasKind.choices, read_only=True)

    class Meta:
        model = Alias
        fields = ["id", "name", "kind"]


class DocumentSerializer(serializers.ModelSerializer):
    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=60)
    issuing_country = CountryCodeField()
    expiry_date = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = IdentityDocument
        fields = ["id", "doc_type", "number", "issuing_country", "expiry_date"]


class VulnerabilitySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=VulnerabilityKind.choices, read_only=True)

    class Meta:
        model = Vulnerability
        fields = ["id", "kind", "details", "recorded_at"]
        read_only_fields = fields


class PersonSummarySerializer(serializers.ModelSerializer):
    """A row of the people list."""

    date_of_birth = serializers.SerializerMethodField()
    nationality = CountryCodeField(read_only=True)
    registered_by_office = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "full_name",
            "sex",
            "date_of_birth",
            "dob_precision",
            "nationality",
            "registered_by_office",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(PartialDateField(read_only=True))
    def get_date_of_birth(self, person: Person) -> str | None:
        return format_partial_date(person.date_of_birth, person.dob_precision)


class PersonDetailSerializer(PersonSummarySerializer):
    """A person's record as the caller may read it: `context["roles"]` are
    the caller's roles on the person (people.access.person_roles); without
    them, protection needs are held back."""

    country_of_birth = CountryCodeField(read_only=True)
    languages = serializers.SerializerMethodField()
    aliases = AliasSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    vulnerabilities = serializers.SerializerMethodField()
    protection_needs_held_back = serializers.SerializerMethodField(
        help_text="How many protection needs (trafficking, gender-based violence) are recorded but left out of "
        "`vulnerabilities`: only the person's counsellors, team leaders and agency administrators read them. "
        "Ask the counsellor."
    )

    class Meta(PersonSummarySerializer.Meta):
        fields = [
            *PersonSummarySerializer.Meta.fields,
            "original_script_name",
            "country_of_birth",
            "languages",
            "interpreter_needed",
            "phone",
            "email",
            "aliases",
            "documents",
            "vulnerabilities",
            "protection_needs_held_back",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_languages(self, person: Person) -> list[str]:
        return sorted(pl.language for pl in person.languages.all())

    def _vulnerabilities(self, person: Person) -> tuple[list, int]:
        return shown_vulnerabilities(person, self.context.get("roles", set()))

    @extend_schema_field(VulnerabilitySerializer(many=True))
    def get_vulnerabilities(self, person: Person) -> list[dict]:
        return VulnerabilitySerializer(self._vulnerabilities(person)[0], many=True).data

    def get_protection_needs_held_back(self, person: Person) -> int:
        return self._vulnerabilities(person)[1]


class _PersonFieldsSerializer(serializers.Serializer):
    """The fields a client may set on a person, shared by create and update."""

    given_name = serializers.CharField(max_length=150)
    family_name = serializers.CharField(max_length=150)
    original_script_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    date_of_birth = PartialDateField()
    dob_precision = serializers.ChoiceField(choices=DobPrecision.choices, required=False)
    nationality = CountryCodeField(required=False, allow_blank=True)
    country_of_birth = CountryCodeField(required=False, allow_blank=True)
    languages = serializers.ListField(child=LanguageCodeField(), required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate_languages(self, value):
        return _unique(value)


class PersonCreateSerializer(_PersonFieldsSerializer):
    office = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.select_related("agency"), help_text="The office registering the person."
    )
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, help_text="Other names and spellings."
    )

    def validate_aliases(self, value):
        return _unique(v for v in value if v)

    def validate(self, attrs):
        _resolve_dob(attrs, partial=False)
        return attrs


class PersonUpdateSerializer(_PersonFieldsSerializer):
    """Every field optional except `version`, the one the client last read."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False

    def validate(self, attrs):
        _resolve_dob(attrs, partial=True)
        return attrs


class PersonFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Any name or alias (accents and case ignored), or an identity document number.",
    )


# --- Views ---------------------------------------------------------------------


def _detail(person_pk) -> Person:
    return Person.objects.prefetch_related("languages", "aliases", "documents", "vulnerabilities").get(pk=person_pk)


@extend_schema_view(
    get=extend_schema(
        summary="List the people the user can see",
        parameters=[PersonFilterSerializer],
        responses={200: PersonSummarySerializer(many=True), **problems(400, 401)},
    ),
    post=extend_schema(
        summary="Register a person at an office",
        description="Counsellors, team leaders, travel officers and agency administrators covering the office.",
        request=PersonCreateSerializer,
        responses={201: PersonDetailSerializer, **problems(400, 401, 403)},
    ),
)
class PersonListView(OfficeTimezoneMixin, generics.ListCreateAPIView):
    def get_serializer_class(self):
        return PersonCreateSerializer if self.request.method == "POST" else PersonSummarySerializer

    def get_queryset(self):
        people = visible_people(self.request.user)
        filters = PersonFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        q = filters.validated_data.get("q", "").strip()
        if q:
            from cases.search import sees_document_numbers

            documents = sees_document_numbers(self.request.user)
            people = people.filter(person_search_q(q, prefix="", documents=documents))
        return people.order_by("family_name", "given_name", "pk")

    def create(self, request, *args, **kwargs):
        office = office_for_create(request, EDIT_PERSON)
        serializer = PersonCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("office")
        person = actions.register_person(by=request.user, office=office, **data)
        roles = person_roles(request.user, person)
        return Response(
            PersonDetailSerializer(_detail(person.pk), context={"roles": roles}).data, status=status.HTTP_201_CREATED
        )


class PersonDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="One person's record",
        description="Reading it is recorded in the access audit trail.",
        responses={200: PersonDetailSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        person = get_person_for_user(request.user, pk)
        record_access(request.user, "person.viewed", person, person_id=person.pk)
        if partner_only(person.user_roles):
            # A partner caseworker: identity, contact, documents without numbers,
            # the vulnerabilities reintegration plans for (reintegration.access_referrals).
            return Response(partner_person_data(_detail(person.pk)))
        return Response(PersonDetailSerializer(_detail(person.pk), context={"roles": person.user_roles}).data)

    @extend_schema(
        summary="Change a person's record",
        description="Send the `version` you read; if someone changed the record since, the answer is 409.",
        request=PersonUpdateSerializer,
        responses={200: PersonDetailSerializer, **problems(400, 401, 403, 404, 409)},
    )
    def patch(self, request, pk: int):
        person = get_person_for_user(request.user, pk, write=True)
        serializer = PersonUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        actions.update_person(person, by=request.user, expected_version=version, **fields)
        return Response(PersonDetailSerializer(_detail(person.pk), context={"roles": person.user_roles}).data)


class PersonDocumentsView(OfficeTimezoneMixin, APIView):
    @extend_schema(summary="A person's identity documents", responses={200: DocumentSerializer(many=True)})
    def get(self, request, pk: int):
        person = get_person_for_user(request.user, pk)
        if partner_only(person.user_roles):
            return Response(PartnerDocumentSerializer(person.documents.order_by("pk"), many=True).data)
        return Response(DocumentSerializer(person.documents.order_by("pk"), many=True).data)

    @extend_schema(
        summary="Add an identity document",
        request=DocumentSerializer,
        responses={201: DocumentSerializer, **problems(400, 401, 403, 404)},
    )
    def post(self, request, pk: int):
        person = get_person_for_user(request.user, pk, write=True)
        serializer = DocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        doc = actions.add_document(person, by=request.user, **serializer.validated_data)
        return Response(DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)
