"""Country cards, questions to the country and the knowledge base in the API:
the same actions and access as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user
from core.api import OfficeTimezoneMixin, problems
from countries import access, actions, cards, knowledge
from countries.api_serializers import (
    CountryCardSerializer,
    CountryQuestionAnswerSerializer,
    CountryQuestionAskSerializer,
    CountryQuestionSerializer,
    CountryRowSerializer,
    CountrySectionSerializer,
    CountrySectionUpdateSerializer,
    KnowledgeEntrySerializer,
    KnowledgeWithdrawSerializer,
    QuestionRecipientSerializer,
)
from countries.assistance import SCENARIO, assistance_for, no_rule_text
from countries.models import QuestionStatus, Topic
from organisations.access import memberships_of

# --- views ---------------------------------------------------------------------------


def _country(code: str) -> str:
    country = cards.valid_country(code)
    if country is None:
        raise Http404
    return country


class CountryListView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Countries with information",
        operation_id="countries_list",
        responses={200: CountryRowSerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        access.require_staff(request.user)
        return Response(CountryRowSerializer(cards.country_rows(cards.today_here()), many=True).data)


def card_data(user, country: str) -> dict:
    today = cards.today_here()
    name = cards.country_name(country)
    programmes = assistance_for(country, day=today, agency_codes={m.office.agency.code for m in memberships_of(user)})
    for item in programmes:
        item.no_rule_text = no_rule_text(item, name) if item.no_rule else ""
    offices = cards.offices_in(country, user)
    return {
        "code": country,
        "name": name,
        "scenario": [str(s) for s in SCENARIO],
        "assistance": programmes,
        "partners": offices["partners"],
        "own_offices": offices["own_offices"],
        "sections": cards.sections_for(country, today),
        "answers": access.published_entries(user, country).count(),
    }


class CountryCardView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="A country's card",
        operation_id="countries_card",
        description="The assistance each programme's rule version in force gives two example households, the "
        "partner and own offices there with their contacts, and the practical sections. Every agency reads it.",
        responses={200: CountryCardSerializer, **problems(401, 403, 404)},
    )
    def get(self, request, code: str):
        access.require_staff(request.user)
        return Response(CountryCardSerializer(card_data(request.user, _country(code))).data)


class SectionView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Write or confirm a practical section",
        operation_id="countries_section_update",
        description="Team leaders and agency administrators, and partner caseworkers of an office in the country. "
        "An empty text takes that language out. A stale version gets 409, nothing saved.",
        request=CountrySectionUpdateSerializer,
        responses={200: CountrySectionSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def put(self, request, code: str, topic: str):
        access.require_staff(request.user)
        country = _country(code)
        if topic not in Topic.values:
            raise Http404
        if not access.may_edit_sections(request.user, country):
            raise PermissionDenied
        serializer = CountrySectionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.update_section(
            country, topic, by=request.user, expected_version=data["version"], texts=data["texts"],
            checked_on=data.get("checked_on"),
        )  # fmt: skip
        view = next(s for s in cards.sections_for(country, cards.today_here()) if s.topic == topic)
        return Response(CountrySectionSerializer(view).data)


class AnswersView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Search a country's knowledge base",
        operation_id="countries_answers_search",
        parameters=[
            OpenApiParameter("q", str, description="Words that must all appear (accents and case ignored)."),
            OpenApiParameter("topic", str, enum=Topic.values),
        ],
        responses={200: KnowledgeEntrySerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, code: str):
        access.require_staff(request.user)
        country = _country(code)
        found = knowledge.search(
            access.published_entries(request.user, country),
            request.query_params.get("q", "")[:200],
            request.query_params.get("topic", ""),
        )
        return Response(KnowledgeEntrySerializer(found[:100], many=True).data)


class AnswerWithdrawView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Withdraw a shared answer from the knowledge base",
        operation_id="countries_answer_withdraw",
        description="The asker, or a team leader or administrator of the asking office.",
        request=KnowledgeWithdrawSerializer,
        responses={200: KnowledgeEntrySerializer, **problems(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        access.require_staff(request.user)
        entry = access.published_entries(request.user).select_related("question__asked_from").filter(pk=pk).first()
        if entry is None:
            raise Http404
        if not access.may_withdraw(request.user, entry):
            raise PermissionDenied
        serializer = KnowledgeWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = actions.withdraw_entry(entry, by=request.user, reason=serializer.validated_data["reason"])
        return Response(KnowledgeEntrySerializer(entry).data)


class CaseQuestionsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="The questions to the country of a case",
        operation_id="cases_questions_list",
        responses={200: CountryQuestionSerializer(many=True), **problems(401, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        questions = list(
            access.case_questions(request.user, case).select_related("asked_from", "case", "knowledge_entry")
        )
        for q in questions:
            q.sees_case = True
        return Response(CountryQuestionSerializer(questions, many=True).data)

    @extend_schema(
        tags=["countries"],
        summary="Ask the country a question about the case",
        operation_id="cases_questions_ask",
        description="Counsellors, team leaders and agency administrators of the case's office, to a partner office "
        "or an own office in the country of return. Refused (422, field body) when that office does not have the "
        "case and the text names the person, their phone, email, case or document number or date of birth.",
        request=CountryQuestionAskSerializer,
        responses={201: CountryQuestionSerializer, **problems(400, 401, 403, 404, 422)},
    )
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk, write=True)
        if not access.may_ask(request.user, case):
            raise PermissionDenied
        serializer = CountryQuestionAskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = actions.ask_question(case, by=request.user, **serializer.validated_data)
        question.sees_case = True
        return Response(CountryQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class CaseQuestionRecipientsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Where a question on the case may be asked",
        operation_id="cases_questions_recipients",
        description="Partner offices and the agency's own offices in the country of return, for those who may ask.",
        responses={200: QuestionRecipientSerializer(many=True), **problems(401, 403, 404)},
    )
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        if not access.may_ask(request.user, case):
            raise PermissionDenied
        offices = list(access.recipient_offices(case))
        for office in offices:
            office.has_case = actions.office_sees_case(office, case)
        return Response(QuestionRecipientSerializer(offices, many=True).data)


class ReceivedQuestionsView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Questions to my offices",
        operation_id="country_questions_list",
        description="Open first. The case is named only to those who may read it.",
        parameters=[OpenApiParameter("status", str, enum=QuestionStatus.values)],
        responses={200: CountryQuestionSerializer(many=True), **problems(401, 403)},
    )
    def get(self, request):
        access.require_staff(request.user)
        questions = access.received_questions(request.user).select_related(
            "case", "case__office", "to_office", "asked_from", "asked_by", "answered_by", "knowledge_entry"
        )
        wanted = request.query_params.get("status")
        if wanted in QuestionStatus.values:
            questions = questions.filter(status=wanted)
        questions = list(questions.order_by("-status", "-asked_at")[:200])
        for q in questions:
            q.sees_case = access.sees_case(request.user, q)
        return Response(CountryQuestionSerializer(questions, many=True).data)


class QuestionDetailView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="One question to the country",
        operation_id="country_questions_retrieve",
        responses={200: CountryQuestionSerializer, **problems(401, 404)},
    )
    def get(self, request, pk: int):
        return Response(CountryQuestionSerializer(access.get_question_for_user(request.user, pk)).data)


class QuestionAnswerView(OfficeTimezoneMixin, APIView):
    @extend_schema(
        tags=["countries"],
        summary="Answer a question (the recipient office)",
        operation_id="country_questions_answer",
        description="The answer goes back on the case, the asker is emailed a link, and with the asker's "
        "agreement the anonymised question and answer are published to the country's knowledge base.",
        request=CountryQuestionAnswerSerializer,
        responses={200: CountryQuestionSerializer, **problems(400, 401, 403, 404, 409, 422)},
    )
    def post(self, request, pk: int):
        question = access.get_question_for_user(request.user, pk, answer=True)
        if not access.may_answer(request.user, question):
            raise PermissionDenied
        serializer = CountryQuestionAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.answer_question(question, by=request.user, answer=data["answer"], expected_version=data.get("version"))
        return Response(CountryQuestionSerializer(access.get_question_for_user(request.user, pk)).data)
