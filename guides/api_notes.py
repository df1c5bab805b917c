"""Practice notes in the API: list and read what the caller may see (their
agency's notes and those shared by others), adopt and share."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import LanguageCodeField, NamedChoiceField, OfficeTimezoneMixin, problems
from guides import actions_notes
from guides.access import get_note_for_user, member_agency_ids, visible_notes
from guides.api import AgencyRefSerializer, ShareSerializer
from guides.models import Phase, PracticeNote


class NoteSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    tags = serializers.SerializerMethodField()
    updated_by_origin = serializers.SerializerMethodField(
        help_text="For an adopted copy: the original's newer revision, if it changed since it was taken in."
    )

    class Meta:
        model = PracticeNote
        fields = [
            "id",
            "agency",
            "author",
            "title",
            "body",
            "tags",
            "language",
            "phase",
            "shared_at",
            "origin",
            "origin_revision",
            "revision",
            "updated_by_origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_tags(self, note) -> list[str]:
        return note.tag_list()

    def get_updated_by_origin(self, note) -> int | None:
        news = actions_notes.note_news(note) if self.context.get("own", {}).get(note.pk) else None
        return news.revision if news else None


class NoteFilterSerializer(serializers.Serializer):
    phase = NamedChoiceField(Phase.choices, enum_name="GuidePhase", required=False)
    language = LanguageCodeField(required=False)
    agency = serializers.CharField(required=False, help_text="An agency's code.")
    tag = serializers.CharField(required=False)


def _own_context(user, notes) -> dict:
    members = member_agency_ids(user)
    return {"own": {n.pk: n.agency_id in members for n in notes}}


@extend_schema(tags=["guides"], parameters=[NoteFilterSerializer], summary="Practice notes the caller may see")
class NoteListView(OfficeTimezoneMixin, generics.ListAPIView):
    serializer_class = NoteSerializer

    def get_queryset(self):
        filters = NoteFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = visible_notes(self.request.user).select_related("agency", "origin").order_by("-updated_at", "pk")
        for name in ("phase", "language"):
            if f.get(name):
                qs = qs.filter(**{name: f[name]})
        if f.get("agency"):
            qs = qs.filter(agency__code=f["agency"])
        if f.get("tag"):
            qs = qs.filter(tags__icontains=f["tag"].strip().lower())
        return qs

    def get_serializer(self, *args, **kwargs):
        if args:
            kwargs.setdefault("context", self.get_serializer_context()).update(_own_context(self.request.user, args[0]))
        return super().get_serializer(*args, **kwargs)


def _note(user, note) -> dict:
    note = visible_notes(user).select_related("agency", "origin").get(pk=note.pk)
    return NoteSerializer(note, context=_own_context(user, [note])).data


class NoteDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(tags=["guides"], summary="One practice note", responses={200: NoteSerializer, **problems(401, 404)})
    def get(self, request, pk: int):
        return Response(_note(request.user, get_note_for_user(request.user, pk)))


class NoteAdoptView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Adopt another agency's shared note (a copy for the caller's agency)",
        request=None,
        responses={201: NoteSerializer, **problems(401, 403, 404)},
    )
    def post(self, request, pk: int):
        copy = actions_notes.adopt_note(get_note_for_user(request.user, pk), by=request.user)
        return Response(_note(request.user, copy), status=status.HTTP_201_CREATED)


class NoteShareView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["guides"],
        summary="Share a note with other agencies, or stop sharing it",
        request=ShareSerializer,
        responses={200: NoteSerializer, **problems(400, 401, 403, 404)},
    )
    def post(self, request, pk: int):
        note = get_note_for_user(request.user, pk)
        body = ShareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions_notes.share_note(note, by=request.user, shared=body.validated_data["shared"])
        return Response(_note(request.user, note))
