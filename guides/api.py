"""Conversation guides and practice notes in the API: the same access
(guides.access) and actions as the pages. Guides of other agencies appear
once shared, with their published versions only; a case never crosses."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import RECORD_INTERVIEW, SEE_ASYLUM_FILE, get_case_for_user, require
from core.api import LanguageCodeField, NamedChoiceField, OfficeTimezoneMixin, problems
from core.errors import DomainError
from counselling.api import InterviewCreateSerializer, InterviewSerializer
from counselling.models import Interview
from guides import actions, actions_use, content
from guides.access import get_guide_for_user, member_agency_ids, visible_guides, visible_versions
from guides.library import attach_titles, coverage, origin_news, with_stats
from guides.models import GuideUse, GuideVersion, ItemKind, Phase, VersionStatus

# Output -------------------------------------------------------------------------------------


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class GuideSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = AgencyRefSerializer()
    phase = NamedChoiceField(Phase.choices, enum_name="GuidePhase")
    title = serializers.CharField(help_text="In the caller's language where the guide has it.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Of the latest published version.")
    published_number = serializers.IntegerField(allow_null=True, help_text="The latest published version.")
    draft_number = serializers.IntegerField(allow_null=True, help_text="Only for the guide's own agency.")
    shared_at = serializers.DateTimeField(allow_null=True)
    origin = serializers.IntegerField(source="origin_id", allow_null=True, help_text="The guide it was adopted from.")
    uses_count = serializers.IntegerField(help_text="Interviews run from it.")
    adoptions_count = serializers.IntegerField()
    copy_uses_count = serializers.IntegerField(help_text="Interviews run from the adopted copies.")

    def to_representation(self, guide):
        data = super().to_representation(guide)
        if not getattr(guide, "is_own", True):
            data["draft_number"] = None
        return data


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(help_text="The same across versions and adopted copies.")
    kind = NamedChoiceField(ItemKind.choices, enum_name="GuideItemKind")
    texts = serializers.DictField(child=serializers.CharField(), help_text="Language code -> text.")


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    titles = serializers.DictField(child=serializers.CharField())
    items = ItemSerializer(many=True)


class VersionLanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = NamedChoiceField(VersionStatus.choices, enum_name="GuideVersionStatus")
    change_note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    origin_version = serializers.SerializerMethodField(help_text="The original's version number it follows.")
    edit_version = serializers.IntegerField(help_text="Send it back when publishing a draft (optimistic locking).")

    def get_origin_version(self, v) -> int | None:
        return v.origin_version.number if v.origin_version_id else None


class ContentSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = NamedChoiceField(VersionStatus.choices, enum_name="GuideVersionStatus")
    languages = VersionLanguageSerializer(many=True)
    sections = SectionSerializer(many=True)


class OriginNewsSerializer(serializers.Serializer):
    latest = serializers.IntegerField(help_text="The original's latest published version.")
    followed = serializers.IntegerField(help_text="The original's version the copy follows.")
    items_added = serializers.IntegerField()
    items_changed = serializers.IntegerField()
    items_removed = serializers.IntegerField()
    taken_in = serializers.IntegerField(allow_null=True, help_text="The copy's draft that already has the changes.")


class GuideDetailSerializer(GuideSummarySerializer):
    versions = VersionSerializer(many=True)
    content = ContentSerializer(help_text="The version asked for (?version=), else the latest published.")
    origin_news = OriginNewsSerializer(allow_null=True, help_text="For an adopted copy behind its original.")


def _guide_detail(user, guide, number=None) -> dict:
    guide = attach_titles([with_stats(visible_guides(user)).select_related("agency").get(pk=guide.pk)], drafts=True)[0]
    guide.is_own = guide.agency_id in member_agency_ids(user)
    versions = list(visible_versions(user, guide).select_related("origin_version"))
    if number is not None:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise NotFound
    else:
        version = next((v for v in versions if v.status == VersionStatus.PUBLISHED), versions[0])
    doc = content.load(version)
    news = origin_news(guide) if guide.is_own else None
    data = GuideSummarySerializer(guide).data
    data["versions"] = VersionSerializer(versions, many=True).data
    data["content"] = {"number": version.number, "status": version.status, **doc}
    data["origin_news"] = (
        {
            "latest": news["latest"].number,
            "followed": news["followed"].number,
            **{k: len(news["changes"][k]) for k in ("items_added", "items_changed", "items_removed")},
            "taken_in": news["taken_in"].number if news["taken_in"] else None,
        }
        if news
        else None
    )
    return data


# Guides -------------------------------------------------------------------------------------


class GuideFilterSerializer(serializers.Serializer):
    phase = NamedChoiceField(Phase.choices, enum_name="GuidePhase", required=False)
    language = LanguageCodeField(required=False)
    agency = serializers.CharField(required=False, help_text="An agency's code.")
    mine = serializers.BooleanField(required=False, help_text="Only the caller's agency's guides.")


@extend_schema(
    tags=["guides"],
    parameters=[GuideFilterSerializer],
    summary="Conversation guides the caller may see",
    description="The caller's agency's guides (drafts too) and the guides other agencies share.",
)
class GuideListView(OfficeTimezoneMixin, generics.ListAPIView):
    serializer_class = GuideSummarySerializer

    def get_queryset(self):
        filters = GuideFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = with_stats(visible_guides(self.request.user)).select_related("agency").order_by("phase", "pk")
        if f.get("phase"):
            qs = qs.filter(phase=f["phase"])
        if f.get("agency"):
            qs = qs.filter(agency__code=f["agency"])
        if f.get("mine"):
            qs = qs.filter(agency__in=member_agency_ids(self.request.user))
        if f.get("language"):
            qs = qs.filter(
                versions__status=VersionStatus.PUBLISHED, versions__languages__language=f["language"]
            ).distinct()
        return qs

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        members = member_agency_ids(self.request.user)
        attach_titles(page, drafts=True)
        for g in page:
            g.is_own = g.agency_id in members
        return page


class GuideDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="One guide: its versions and the content of one",
        parameters=[OpenApiParameter("version", int, description="A version number; else the latest published.")],
        responses={200: GuideDetailSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk)
        number = request.query_params.get("version")
        if number is not None and not str(number).isdigit():
            raise NotFound
        return Response(_guide_detail(request.user, guide, int(number) if number else None))


class PublishSerializer(serializers.Serializer):
    edit_version = serializers.IntegerField(required=False, help_text="The draft's edit_version as last read.")
    change_note = serializers.CharField(required=False, allow_blank=True)


class GuidePublishView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Publish the guide's draft",
        description="Agency administrators and team leaders of the guide's agency. Refused (422) while a text is "
        "missing in one of the draft's languages; 409 when the draft changed since edit_version.",
        request=PublishSerializer,
        responses={200: GuideDetailSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk, edit=True)
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draft = guide.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise DomainError(_("The guide has no draft to publish."), field="version")
        actions.publish_version(draft, by=request.user, **body.validated_data)
        return Response(_guide_detail(request.user, guide))


class GuideNewVersionView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Start a new version (a draft copied from the last)",
        request=None,
        responses={201: GuideDetailSerializer, **problems(401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk, edit=True)
        draft = actions.start_new_version(guide, by=request.user)
        return Response(_guide_detail(request.user, guide, draft.number), status=status.HTTP_201_CREATED)


class ShareSerializer(serializers.Serializer):
    shared = serializers.BooleanField()


class GuideShareView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Share the guide with other agencies, or stop sharing it",
        request=ShareSerializer,
        responses={200: GuideDetailSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk, edit=True)
        body = ShareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.share_guide(guide, by=request.user, shared=body.validated_data["shared"])
        return Response(_guide_detail(request.user, guide))


class GuideAdoptView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Adopt another agency's shared guide",
        description="Gives the caller's agency its own copy (a draft following the original's latest version). "
        "Agency administrators and team leaders; once per agency.",
        request=None,
        responses={201: GuideDetailSerializer, **problems(401, 403, 404)},
    )
    def post(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk)
        copy = actions.adopt_guide(guide, by=request.user)
        return Response(_guide_detail(request.user, copy), status=status.HTTP_201_CREATED)


class GuideTakeInView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Take in the original's newer version (as a new draft of the copy)",
        request=None,
        responses={201: GuideDetailSerializer, **problems(401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        guide = get_guide_for_user(request.user, pk, edit=True)
        draft, conflicts = actions.take_in_origin(guide, by=request.user)
        data = _guide_detail(request.user, guide, draft.number)
        data["conflicts"] = [c["key"] for c in conflicts]
        return Response(data, status=status.HTTP_201_CREATED)


# Interviews run from a guide ------------------------------------------------------------------


class PointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    covered = serializers.BooleanField()


class GuideUseSerializer(serializers.Serializer):
    interview = serializers.IntegerField()
    guide = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The version's number.")
    version_id = serializers.IntegerField()
    language = serializers.CharField()
    covered = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the items covered.")
    total = serializers.IntegerField(help_text="Points (key messages and checklist points) in the version.")
    covered_count = serializers.IntegerField()
    points = PointSerializer(many=True)


def _use_data(use: GuideUse) -> dict:
    cov = coverage(use)
    covered = set(use.covered)
    return {
        "interview": use.interview_id,
        "guide": use.version.guide_id,
        "version": use.version.number,
        "version_id": use.version_id,
        "language": use.language,
        "covered": use.covered,
        "total": cov["total"],
        "covered_count": cov["covered"],
        "points": [{**p, "covered": p["id"] in covered} for p in cov["points"]],
    }


class CoveredSerializer(serializers.Serializer):
    covered = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the points covered.")


def _interview_case(user, pk: int, *, write: bool = False):
    case_pk = Interview.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_pk is None:
        raise NotFound
    case = get_case_for_user(user, case_pk, write=write)
    require(case, RECORD_INTERVIEW if write else SEE_ASYLUM_FILE)
    return case


class InterviewGuideUseView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="The guide an interview followed and the points covered",
        description="404 when the interview followed no guide. Not for partner caseworkers (403).",
        responses={200: GuideUseSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        _interview_case(request.user, pk)
        use = GuideUse.objects.filter(interview_id=pk).select_related("version").first()
        if use is None:
            raise NotFound
        return Response(_use_data(use))

    @extend_schema(
        tags=["guides"],
        summary="Correct the points an interview covered",
        request=CoveredSerializer,
        responses={200: GuideUseSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def put(self, request, pk: int):
        _interview_case(request.user, pk, write=True)
        use = GuideUse.objects.filter(interview_id=pk).select_related("interview").first()
        if use is None:
            raise NotFound
        body = CoveredSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions_use.update_interview_with_guide(use.interview, by=request.user, covered=body.validated_data["covered"])
        use.refresh_from_db()
        return Response(_use_data(use))


class GuidedInterviewCreateSerializer(InterviewCreateSerializer):
    guide_version = serializers.IntegerField(help_text="Id of a published version of one of the agency's guides.")
    guide_language = LanguageCodeField(help_text="The language of the guide's text followed.")
    covered = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class GuidedInterviewView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Record an interview that followed a guide, with the points covered",
        request=GuidedInterviewCreateSerializer,
        responses={201: InterviewSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        require(case, RECORD_INTERVIEW)
        body = GuidedInterviewCreateSerializer(data=request.data, context={"case": case})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = GuideVersion.objects.filter(pk=data.pop("guide_version")).select_related("guide").first()
        if version is None or version.guide.agency_id != case.office.agency_id:
            raise DomainError(_("Follow one of your agency's guides (its own or adopted ones)."), field="guide_version")
        interview = actions_use.record_interview_with_guide(
            case,
            by=request.user,
            version=version,
            guide_language=data.pop("guide_language"),
            covered=data.pop("covered"),
            **data,
        )
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)
