"""Referrals, the partner's inbox, the partner's view of a case and person,
and case messages in the API: the same actions and access as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user
from cases.models import Referral, ReferralPurpose, ReferralStatus
from core.api import CountryCodeField, OfficeTimezoneMixin, problems
from organisations.models import Agency, Office
from people.models import DocumentType, VulnerabilityKind
from reintegration import actions_referrals as actions
from reintegration.access_referrals import (
    PARTNER_VULNERABILITIES,
    can_refer,
    case_referrals,
    get_case_for_messages,
    is_addressee,
    partner_only,
    referrals_for_partner,
)
from reintegration.models import Message
from reintegration.views_referrals import approved_packages, return_date

# --- Serializers ------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    purpose = serializers.ChoiceField(choices=ReferralPurpose.choices, read_only=True)
    status = serializers.ChoiceField(choices=ReferralStatus.choices, read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "case_number",
            "partner",
            "partner_name",
            "partner_office",
            "purpose",
            "status",
            "message",
            "consent",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
            "reason",
            "completed_at",
        ]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True, help_text="The partner organisation."
    )
    partner_office = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.select_related("agency"),
        required=False,
        allow_null=True,
        help_text="One of its offices in the country of return (required for the case's own agency).",
    )
    purpose = serializers.ChoiceField(choices=ReferralPurpose.choices, default=ReferralPurpose.REINTEGRATION)
    message = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("partner") and not attrs.get("partner_office"):
            raise serializers.ValidationError({"partner": ["Name the partner or one of its offices."]})
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Required: why, or for completion the closing note.")


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    author_office_name = serializers.CharField(source="author_office.name", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "partner", "author", "author_name", "author_office", "author_office_name", "body", "created_at"]
        read_only_fields = fields

    def get_author_name(self, message) -> str:
        return message.author.get_full_name() or message.author.get_username()


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text="The partner organisation the message is for; needed from the sending office when several "
        "partners have the case.",
    )


class PartnerVulnerabilitySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VulnerabilityKind.choices)
    details = serializers.CharField()


class PartnerDocumentSerializer(serializers.Serializer):
    """A document as a partner sees it: no number."""

    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    issuing_country = CountryCodeField()
    expiry_date = serializers.DateField(allow_null=True)


class PartnerPersonSerializer(serializers.Serializer):
    """A person as a partner caseworker sees them."""

    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    full_name = serializers.CharField()
    original_script_name = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.CharField(source="dob_display")
    nationality = CountryCodeField()
    phone = serializers.CharField()
    email = serializers.CharField()
    languages = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    vulnerabilities = serializers.SerializerMethodField()

    def get_languages(self, person) -> list[str]:
        return sorted(pl.language for pl in person.languages.all())

    @extend_schema(responses=PartnerDocumentSerializer(many=True))
    def get_documents(self, person) -> list[dict]:
        return PartnerDocumentSerializer(person.documents.order_by("doc_type", "pk"), many=True).data

    @extend_schema(responses=PartnerVulnerabilitySerializer(many=True))
    def get_vulnerabilities(self, person) -> list[dict]:
        shown = person.vulnerabilities.filter(kind__in=PARTNER_VULNERABILITIES).order_by("pk")
        return PartnerVulnerabilitySerializer(shown, many=True).data


def partner_person_data(person) -> dict:
    """For people/api.py: the person's record when the reader is a partner."""
    return PartnerPersonSerializer(person).data


# --- Views --------------------------------------------------------------------------


def _referral(request, pk, referral_pk):
    case = get_case_for_user(request.user, pk)
    referral = case_referrals(request.user, case).filter(pk=referral_pk).first()
    if referral is None:
        raise NotFound
    return case, referral


class CaseReferralsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The referrals of a case",
        description="All of them for the sending office; those addressed to them for a partner caseworker.",
        responses={200: ReferralSerializer(many=True), **problems(401, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        referrals = case_referrals(request.user, case).order_by("created_at", "pk")
        return Response(ReferralSerializer(referrals, many=True).data)

    @extend_schema(
        summary="Refer the case to a partner",
        description="Counsellors, team leaders and agency administrators of the case's office. Refused (422, "
        "field partner) unless the principal's current partner_sharing consent names that partner, or when "
        "the case already has a live referral to it for the purpose. The partner caseworkers are emailed.",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        if not can_refer(request.user, case):
            raise PermissionDenied
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = actions.refer_case(case, by=request.user, **serializer.validated_data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class _DecisionView(OfficeTimezoneMixin, APIView):
    kind = ""

    def post(self, request, pk: int, referral_pk: int):
        case, referral = _referral(request, pk, referral_pk)
        if self.kind == "withdraw":
            if not can_refer(request.user, case):
                raise PermissionDenied
        elif not is_addressee(request.user, referral):
            raise PermissionDenied
        if self.kind == "accept":
            referral = actions.accept_referral(referral, by=request.user)
        else:
            serializer = ReasonSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            reason = serializer.validated_data["reason"]
            if self.kind == "decline":
                referral = actions.decline_referral(referral, by=request.user, reason=reason)
            elif self.kind == "complete":
                referral = actions.complete_referral(referral, by=request.user, note=reason)
            else:
                referral = actions.withdraw_referral(referral, by=request.user, reason=reason)
        return Response(ReferralSerializer(referral).data)


class ReferralAcceptView(_DecisionView):
    kind = "accept"

    @extend_schema(
        summary="Accept a pending referral (the partner)",
        request=None,
        responses={200: ReferralSerializer, **problems(401, 403, 404, 422)},
    )
    def post(self, request, pk: int, referral_pk: int):
        return super().post(request, pk, referral_pk)


class ReferralDeclineView(_DecisionView):
    kind = "decline"

    @extend_schema(
        summary="Decline a pending referral with a reason (the partner)",
        request=ReasonSerializer,
        responses={200: ReferralSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int, referral_pk: int):
        return super().post(request, pk, referral_pk)


class ReferralCompleteView(_DecisionView):
    kind = "complete"

    @extend_schema(
        summary="Complete an accepted referral with a closing note (the partner)",
        request=ReasonSerializer,
        responses={200: ReferralSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int, referral_pk: int):
        return super().post(request, pk, referral_pk)


class ReferralWithdrawView(_DecisionView):
    kind = "withdraw"

    @extend_schema(
        summary="Withdraw a live referral with a reason (the sending office)",
        request=ReasonSerializer,
        responses={200: ReferralSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int, referral_pk: int):
        return super().post(request, pk, referral_pk)


class ReferralInboxView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Referrals addressed to me as a partner caseworker",
        description="Pending first. 403 for anyone who is not a partner caseworker.",
        responses={200: ReferralSerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        from organisations.access import memberships_of
        from organisations.models import Role

        if not any(m.role == Role.PARTNER_CASEWORKER for m in memberships_of(request.user)):
            raise PermissionDenied
        referrals = referrals_for_partner(request.user).select_related("case", "partner")
        ordered = sorted(referrals, key=lambda r: (r.status != ReferralStatus.PENDING, -r.created_at.timestamp()))
        return Response(ReferralSerializer(ordered[:200], many=True).data)


class PartnerCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    number = serializers.CharField()
    return_date = serializers.DateField(allow_null=True)
    country_of_return = CountryCodeField()
    region_of_return = serializers.CharField()
    members = serializers.ListField(child=serializers.DictField())
    packages = serializers.ListField(child=serializers.DictField())


class PartnerCaseView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="What a partner caseworker sees of a case",
        description="Return date and place, the members (identity, relation, contact, the vulnerabilities "
        "reintegration plans for) and the approved packages without their facts. For anyone who sees the case.",
        responses={200: PartnerCaseSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        members = list(case.case_members.select_related("person").prefetch_related("person__languages"))
        body = {
            "case": case.pk,
            "number": case.number,
            "return_date": return_date(case),
            "country_of_return": case.country_of_return,
            "region_of_return": case.region_of_return,
            "members": [
                {**PartnerPersonSerializer(m.person).data, "relation": m.relation, "person": m.person_id}
                for m in members
            ],
            "packages": [
                {**p, "decided_at": p["decided_at"].isoformat() if p["decided_at"] else None}
                for p in approved_packages(case)
            ],
        }
        return Response(PartnerCaseSerializer(body).data)


class CaseMessagesView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The messages of a case",
        description="The sending office's staff, and partner caseworkers with a live or completed referral.",
        responses={200: MessageSerializer(many=True), **problems(401, 404)},
    )
    def get(self, request, pk: int):
        case = _messages_case(request, pk)
        return Response(MessageSerializer(actions.visible_messages(request.user, case), many=True).data)

    @extend_schema(
        summary="Write a message on a case",
        description="The other side is emailed a link (not the message). Analysts only read (403).",
        request=MessageCreateSerializer,
        responses={201: MessageSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _messages_case(request, pk)
        if not case.may_post:
            raise PermissionDenied
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = serializer.validated_data.get("partner")
        message = actions.post_message(case, by=request.user, body=serializer.validated_data["body"], partner=partner)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


def _messages_case(request, pk):
    try:
        return get_case_for_messages(request.user, pk)
    except Http404:
        raise NotFound from None


__all__ = ["partner_only", "partner_person_data"]
