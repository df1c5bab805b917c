"""The journey in the API: the same actions and access as the travel pages.
Segment times are ISO 8601 with their UTC offset; each end also names its
IANA time zone, in which the response gives the local times back."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, require
from core.api import OfficeTimezoneMixin, problems
from eligibility.models import Decision
from people.models import Person
from travel import actions
from travel.access import BOOK, PAY, RECORD_DEPARTURE, REQUEST_DOCUMENTS, SEE_TRAVEL
from travel.models import (
    BookedBy,
    Booking,
    BookingStatus,
    DepartureOutcome,
    DocumentRequest,
    Mode,
    Outcome,
    PaymentMethod,
    PremiumPayment,
    RequestStatus,
    Segment,
)
from travel.readiness import confirmed_booking, premium_at_departure


class SegmentSerializer(serializers.ModelSerializer):
    local_departure = serializers.SerializerMethodField()
    local_arrival = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = ["position", *actions.SEGMENT_FIELDS, "local_departure", "local_arrival"]
        read_only_fields = fields

    def get_local_departure(self, seg) -> str:
        return seg.local_departure.isoformat()

    def get_local_arrival(self, seg) -> str:
        return seg.local_arrival.isoformat()


class BookingSerializer(serializers.ModelSerializer):
    segments = serializers.SerializerMethodField()
    show_up_at = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            *actions.BOOKING_FIELDS,
            "segments",
            "show_up_at",
            "cancel_reason",
            "cancelled_at",
            "version",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_segments(self, booking) -> list[dict]:
        return SegmentSerializer(booking.ordered_segments(), many=True).data

    def get_show_up_at(self, booking) -> str | None:
        at = booking.show_up_at
        return at.isoformat() if at else None


class DocumentRequestSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RequestStatus.choices, read_only=True)

    class Meta:
        model = DocumentRequest
        fields = [
            "id",
            "person",
            "consulate",
            "issuing_country",
            "requested_on",
            "status",
            "reminders_sent",
            "last_reminder_on",
            "issued_on",
            "document",
            "outcome_reason",
        ]
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepartureOutcome
        fields = ["id", "booking", "outcome", "date", "new_date", "reason", "recorded_by", "recorded_at"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PremiumPayment
        fields = [
            "id",
            "decision",
            "paid_to",
            "amount",
            "currency",
            "method",
            "paid_on",
            "receipt_number",
            "officer",
            "signed_off_at",
        ]
        read_only_fields = fields


class TravelSerializer(serializers.Serializer):
    ready_booking = serializers.IntegerField(allow_null=True, help_text="The confirmed booking the case travels on.")
    premium_at_departure = serializers.ListField(child=serializers.DictField())
    document_requests = DocumentRequestSerializer(many=True)
    bookings = BookingSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    payments = PaymentSerializer(many=True)


class _CaseMemberField(serializers.PrimaryKeyRelatedField):
    """A person on the case; the same answer for anyone else."""

    def get_queryset(self):
        return Person.objects.filter(case_memberships__case=self.context["case"])


class DocumentRequestCreateSerializer(serializers.Serializer):
    person = _CaseMemberField()
    consulate = serializers.CharField(max_length=200)
    issuing_country = serializers.CharField(max_length=2)
    requested_on = serializers.DateField()

    def validate_issuing_country(self, value):
        code = value.upper()
        if code not in countries:
            raise serializers.ValidationError(_("Not an ISO 3166 country code: %(code)s.") % {"code": value})
        return code


class SegmentInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.FLIGHT)
    carrier = serializers.CharField(max_length=80)
    number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    origin = serializers.CharField(max_length=80)
    origin_tz = serializers.CharField(max_length=64, help_text="IANA time zone, e.g. Europe/Brussels")
    departs_at = serializers.DateTimeField(help_text="ISO 8601 with its UTC offset")
    destination = serializers.CharField(max_length=80)
    destination_tz = serializers.CharField(max_length=64)
    arrives_at = serializers.DateTimeField()


class BookingCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    booked_by = serializers.ChoiceField(choices=BookedBy.choices)
    status = serializers.ChoiceField(
        choices=[BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED], default=BookingStatus.PROVISIONAL
    )
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, default="EUR")
    medical_escort = serializers.BooleanField(default=False)
    wheelchair = serializers.BooleanField(default=False)
    unaccompanied_minor = serializers.BooleanField(default=False)
    special_needs_notes = serializers.CharField(required=False, allow_blank=True, default="")
    luggage_allowance = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    meeting_point = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    show_up_minutes = serializers.IntegerField(min_value=0, max_value=1440, required=False, allow_null=True)
    segments = SegmentInputSerializer(many=True, allow_empty=False)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class OutcomeCreateSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    date = serializers.DateField()
    new_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaymentCreateSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    paid_to = _CaseMemberField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField(max_length=3)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    paid_on = serializers.DateField()

    def validate_decision(self, value):
        decision = Decision.objects.filter(pk=value, case=self.context["case"]).first()
        if decision is None:
            raise serializers.ValidationError(_("Choose an approved package of this case."))
        return decision


def _write(request, pk, roles):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, roles)
    return case


class CaseTravelView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="The journey of a case",
        description="Laissez-passer requests, bookings with their segments (cancelled ones included), "
        "departure-day outcomes and premium payments. Not for partner caseworkers (403).",
        responses={200: TravelSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        require(case, SEE_TRAVEL)
        ready = confirmed_booking(case)
        decisions = case.eligibility_decisions.filter(status="approved").order_by("pk")
        body = {
            "ready_booking": ready.pk if ready else None,
            "premium_at_departure": [
                {
                    "decision": d.pk,
                    "amount": str(premium_at_departure(d)),
                    "paid": str(actions.paid_so_far(d)),
                    "currency": d.currency,
                }
                for d in decisions
            ],
            "document_requests": case.document_requests.all(),
            "bookings": case.bookings.prefetch_related("segments"),
            "outcomes": case.departure_outcomes.all(),
            "payments": case.premium_payments.all(),
        }
        return Response(TravelSerializer(body).data)


class DocumentRequestsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Request a consular laissez-passer for a member",
        request=DocumentRequestCreateSerializer,
        responses={201: DocumentRequestSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _write(request, pk, REQUEST_DOCUMENTS)
        serializer = DocumentRequestCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        req = actions.request_document(case, by=request.user, **serializer.validated_data)
        return Response(DocumentRequestSerializer(req).data, status=status.HTTP_201_CREATED)


class BookingsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Make a booking",
        description="Travel officers, team leaders and agency administrators; the case must be in travel "
        "preparation or ready to depart. Segments in order; each must arrive after it leaves and leave "
        "after the previous one arrives (compared in UTC).",
        request=BookingCreateSerializer,
        responses={201: BookingSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _write(request, pk, BOOK)
        serializer = BookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        segments = [dict(s) for s in data.pop("segments")]
        booking = actions.create_booking(case, by=request.user, segments=segments, **data)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingCancelView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Cancel a booking, giving a reason",
        description="The booking stays on the case. A ready case that loses its only confirmed booking goes "
        "back to travel preparation.",
        request=CancelSerializer,
        responses={200: BookingSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int, booking_pk: int):
        case = _write(request, pk, BOOK)
        booking = case.bookings.filter(pk=booking_pk).first()
        if booking is None:
            raise NotFound
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        booking = actions.cancel_booking(booking, by=request.user, reason=serializer.validated_data["reason"])
        return Response(BookingSerializer(booking).data)


class DepartureView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Record the departure day",
        description="departed, no_show, postponed (with new_date) or cancelled (the person changed their mind); "
        "each moves the case: departed, no-show, back to travel preparation, withdrawn.",
        request=OutcomeCreateSerializer,
        responses={201: OutcomeSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _write(request, pk, RECORD_DEPARTURE)
        serializer = OutcomeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = actions.record_outcome(case, by=request.user, **serializer.validated_data)
        return Response(OutcomeSerializer(record).data, status=status.HTTP_201_CREATED)


class PaymentsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Record the premium paid at departure",
        description="Refused (422, field amount) when the payments would exceed what the approved package "
        "pays at departure.",
        request=PaymentCreateSerializer,
        responses={201: PaymentSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = _write(request, pk, PAY)
        serializer = PaymentCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        payment = actions.record_payment(case, by=request.user, **serializer.validated_data)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)
