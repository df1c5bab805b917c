"""Retroactive registrations and return stories in the API: the same actions
(reintegration.actions_partner) and access (reintegration.access_partner) as
the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, require
from cases.models import ConsentMethod
from core.api import CountryCodeField, LanguageCodeField, OfficeTimezoneMixin, problems
from people.models import DobPrecision, Sex
from reintegration import actions_partner as actions
from reintegration import actions_stories as story_actions
from reintegration.access_partner import (
    REVIEW_STORY,
    SEE_STORIES,
    WRITE_STORY,
    partner_offices,
    sending_offices,
    visible_registrations,
)
from reintegration.models import RetroactiveRegistration, Story


class RetroactiveSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_status = serializers.CharField(source="case.status", read_only=True)
    sending_office = serializers.IntegerField(source="case.office_id", read_only=True)

    class Meta:
        model = RetroactiveRegistration
        fields = [
            "id",
            "case",
            "case_number",
            "case_status",
            "sending_office",
            "partner_office",
            "registered_by",
            "returned_on",
            "deadline",
            "status",
            "decided_by",
            "decided_at",
            "reason",
            "created_at",
        ]
        read_only_fields = fields


class PersonInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=150)
    family_name = serializers.CharField(max_length=150)
    original_script_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Unknown parts as 01 (see dob_precision)."
    )
    dob_precision = serializers.ChoiceField(choices=DobPrecision.choices, default=DobPrecision.UNKNOWN)
    nationality = CountryCodeField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class RetroactiveCreateSerializer(serializers.Serializer):
    partner_office = serializers.IntegerField(
        required=False, help_text="Your office (default: your only partner office)."
    )
    sending_office = serializers.IntegerField(help_text="The return agency's office that sent the person back.")
    person = PersonInputSerializer()
    aliases = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list)
    returned_on = serializers.DateField()
    country_of_return = CountryCodeField()
    region_of_return = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    travel_means = serializers.ChoiceField(choices=actions.TravelMeans.choices, default=actions.TravelMeans.OTHER)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    consent_given = serializers.BooleanField(
        help_text="Must be true: the partner attests the person consents to sharing with the partner."
    )
    consent_date = serializers.DateField()
    consent_language = LanguageCodeField()
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices)

    def validate_consent_given(self, value):
        if value is not True:
            raise serializers.ValidationError(_("The person's consent to sharing with the partner is required."))
        return value

    def validate_sending_office(self, value):
        office = sending_offices().filter(pk=value).first()
        if office is None:
            raise serializers.ValidationError(_("Choose the office of a return agency."))
        return office

    def validate_partner_office(self, value):
        office = next((o for o in partner_offices(self.context["user"]) if o.pk == value), None)
        if office is None:
            raise serializers.ValidationError(_("Choose one of your offices."))
        return office


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject", "reopen"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RetroactiveListView(OfficeTimezoneMixin, ListAPIView):
    serializer_class = RetroactiveSerializer

    def get_queryset(self):
        return visible_registrations(self.request.user).select_related("case").order_by("-created_at", "-pk")

    @extend_schema(
        summary="Retroactive registrations",
        description="A partner's agency's registrations; for the sending agency's staff those of the offices "
        "they cover.",
        responses={200: RetroactiveSerializer(many=True), **problems(401)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Register a returnee who came back without a case",
        description="Partner caseworkers only. Creates the person, a case of the sending office (departed), "
        "the consent to sharing with the partner, an accepted reintegration referral and the registration, "
        "due for an answer within 7 days; all or nothing.",
        request=RetroactiveCreateSerializer,
        responses={201: RetroactiveSerializer, **problems(400, 401, 403, 422)},
    )
    def post(self, request, *args, **kwargs):
        offices = partner_offices(request.user)
        if not offices:
            raise PermissionDenied
        serializer = RetroactiveCreateSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("consent_given")
        data["partner_office"] = data.get("partner_office") or offices[0]
        data["person"] = dict(data["person"])
        data["country_of_return"] = str(data["country_of_return"])
        if data["person"].get("nationality") is not None:
            data["person"]["nationality"] = str(data["person"]["nationality"])
        registration = actions.register_retroactive(by=request.user, **data)
        return Response(RetroactiveSerializer(registration).data, status=status.HTTP_201_CREATED)


class RetroactiveDecisionView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Answer a retroactive registration (or reopen a rejected or expired one)",
        description="The sending office's team leaders and the agency's administrators. accept; reject with "
        "a reason; reopen (after a rejection or expiry) with a reason.",
        request=DecisionSerializer,
        responses={200: RetroactiveSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        registration = visible_registrations(request.user).select_related("case", "case__office").filter(pk=pk).first()
        if registration is None:
            raise NotFound
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision, reason = serializer.validated_data["decision"], serializer.validated_data["reason"]
        if decision == "reopen":
            registration = actions.reopen(registration, by=request.user, reason=reason)
        else:
            registration = actions.decide(registration, by=request.user, accept=decision == "accept", reason=reason)
        return Response(RetroactiveSerializer(registration).data)


# Stories ---------------------------------------------------------------------------


class StorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Story
        fields = [
            "id",
            "case",
            "title",
            "body",
            "place",
            "photo",
            "shows_face",
            "status",
            "written_by",
            "written_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "published_at",
            "lock_version",
        ]
        read_only_fields = fields


class StoryInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    place = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    photo = serializers.ImageField(required=False, allow_null=True, default=None)
    shows_face = serializers.BooleanField(default=False)


class StoryUpdateSerializer(StoryInputSerializer):
    lock_version = serializers.IntegerField()
    remove_photo = serializers.BooleanField(default=False)


class StoryActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "approve", "reject", "publish", "unpublish"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseStoriesView(OfficeTimezoneMixin, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="The return stories of a case",
        responses={200: StorySerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        require(case, SEE_STORIES)
        return Response(StorySerializer(case.stories.order_by("-written_at", "-pk"), many=True).data)

    @extend_schema(
        summary="Write a return story (draft)",
        description="The partner caseworker of the case, with the person's consent to a story (and to a photo "
        "of their face when shows_face). Refused (422, naming the field) when the title, story or place "
        "contains a name of a member of the case, the case number, their phone or email.",
        request=StoryInputSerializer,
        responses={201: StorySerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, SEE_STORIES)
        require(case, WRITE_STORY)
        serializer = StoryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        story = story_actions.create_story(case, by=request.user, **serializer.validated_data)
        return Response(StorySerializer(story).data, status=status.HTTP_201_CREATED)


def _story_for(request, pk, *, write: bool = False) -> Story:
    story = Story.objects.filter(pk=pk).first()
    if story is None:
        raise NotFound
    story.case = get_case_for_user(request.user, story.case_id, write=write)
    require(story.case, SEE_STORIES)
    return story


class StoryDetailView(OfficeTimezoneMixin, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(summary="A return story", responses={200: StorySerializer, **problems(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(StorySerializer(_story_for(request, pk)).data)

    @extend_schema(
        summary="Change a draft or not-approved story",
        description="With the lock_version read; 409 when someone changed it since.",
        request=StoryUpdateSerializer,
        responses={200: StorySerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def put(self, request, pk: int):
        story = _story_for(request, pk, write=True)
        require(story.case, WRITE_STORY)
        serializer = StoryUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version")
        story = story_actions.update_story(story, by=request.user, expected_lock_version=expected, **data)
        return Response(StorySerializer(story).data)


class StoryReviewView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        summary="Move a story on: submit, approve, reject, publish or unpublish",
        description="submit: the partner caseworker. approve / reject (with a note) / publish: a team leader "
        "or administrator of the sending agency who is not the author. unpublish (with a note as reason): "
        "either side.",
        request=StoryActionSerializer,
        responses={200: StorySerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        story = _story_for(request, pk, write=True)
        serializer = StoryActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action, note = serializer.validated_data["action"], serializer.validated_data["note"]
        if action == "submit":
            require(story.case, WRITE_STORY)
            story = story_actions.submit_story(story, by=request.user)
        elif action in ("approve", "reject"):
            require(story.case, REVIEW_STORY)
            story = story_actions.review_story(story, by=request.user, approve=action == "approve", note=note)
        elif action == "publish":
            require(story.case, REVIEW_STORY)
            story = story_actions.publish_story(story, by=request.user)
        else:
            require(story.case, REVIEW_STORY | WRITE_STORY)
            story = story_actions.unpublish_story(story, by=request.user, reason=note)
        return Response(StorySerializer(story).data)
