"""The API token endpoint and the pieces every app's api.py shares: problem
details in the schema, ISO country and language fields, date checks."""

import zoneinfo
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from core.languages import validate_language
from core.problems import PROBLEM_CONTENT_TYPE
from organisations.access import primary_office, roles_for_office, roles_of
from organisations.models import Office


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="Path of the field at fault, e.g. members[1].person.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    errors = ProblemFieldErrorSerializer(many=True, required=False)


def problems(*codes: int) -> dict:
    """Schema responses for the given error statuses, as problem details."""
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer) for code in codes}


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named component of the schema,
    however many fields (status, from_status, to_status...) use it."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={"type": "string", "enum": [str(value) for value in field.choices]},
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_blank:
            return {"oneOf": [component.ref, {"type": "string", "maxLength": 0}]}
        return component.ref


class CountryCodeField(NamedChoiceField):
    """An ISO 3166-1 alpha-2 code, and nothing else (django-countries' own
    serializer field also accepts country names, which we do not want from
    clients: names are ambiguous and language-dependent)."""

    def __init__(self, **kwargs):
        super().__init__([(c.code, c.name) for c in countries], enum_name="CountryCode", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) == 2:
            data = data.upper()
        return super().to_internal_value(data)

    def to_representation(self, value):
        return getattr(value, "code", value) or ""


class LanguageCodeField(serializers.CharField):
    """An ISO 639 code: two letters where one exists, else three."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)
        self.validators.append(validate_language)


def not_in_future(value):
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(_("This date cannot be in the future."))


class OfficeTimezoneMixin:
    """Work in the user's office time zone, as the web pages do. The
    middleware that does it for the web cannot: a token user is only known
    once DRF has authenticated the request."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        office = primary_office(request.user)
        if office is not None:
            timezone.activate(zoneinfo.ZoneInfo(office.timezone))


class _OfficeSerializer(serializers.Serializer):
    office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.select_related("agency"))


def office_for_create(request, roles: set[str]) -> Office:
    """The office named in the body of a create, once the user is known to
    hold one of `roles` covering it: 403 otherwise, before anything else in
    the body is looked at (a user who may not create there learns nothing
    from validation errors)."""
    if not roles_of(request.user) & roles:
        raise PermissionDenied
    body = request.data if isinstance(request.data, Mapping) else {}
    serializer = _OfficeSerializer(data={"office": body["office"]} if "office" in body else {})
    serializer.is_valid(raise_exception=True)
    office = serializer.validated_data["office"]
    if not roles_for_office(request.user, office) & roles:
        raise PermissionDenied
    return office


class TokenThrottle(AnonRateThrottle):
    """Slows down password guessing against the token endpoint."""

    rate = "20/minute"


@extend_schema(
    tags=["auth"],
    auth=[],
    request=AuthTokenSerializer,
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        **problems(400, 429),
    },
)
class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token. Send it as
    `Authorization: Token <token>`."""

    # No session or token is needed to ask for a token, and a session cookie
    # must not make this endpoint demand a CSRF token.
    authentication_classes = []
    throttle_classes = [TokenThrottle]
