"""Serializers of the countries API (countries.api)."""

from rest_framework import serializers

from core.api import CountryCodeField
from countries.models import CountryQuestion, KnowledgeEntry, Topic
from countries.views_questions import entry_of
from organisations.models import Office


class CountryRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    offices = serializers.IntegerField()
    sections = serializers.IntegerField()
    stale = serializers.IntegerField(help_text="Sections out of date.")
    checked = serializers.DateField(allow_null=True, help_text="The latest day a section was checked.")
    answers = serializers.IntegerField(help_text="Shared answers in the knowledge base.")


class CountryOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    city = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class CountrySectionSerializer(serializers.Serializer):
    topic = serializers.CharField()
    label = serializers.CharField()
    texts = serializers.DictField(child=serializers.CharField(), help_text="Text per ISO 639 language code.")
    text = serializers.CharField(help_text="In the reader's language, else another (see language).")
    language = serializers.CharField(allow_null=True)
    checked_on = serializers.DateField(source="section.checked_on", allow_null=True, default=None)
    checked_by = serializers.SerializerMethodField()
    out_of_date = serializers.BooleanField()
    version = serializers.SerializerMethodField(help_text="Send it back when updating (0: not written yet).")

    def get_checked_by(self, view) -> str | None:
        user = view.section.checked_by if view.section else None
        return (user.get_full_name() or user.get_username()) if user else None

    def get_version(self, view) -> int:
        return view.section.version if view.section else 0


class CountrySectionUpdateSerializer(serializers.Serializer):
    texts = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="{language: text}.")
    checked_on = serializers.DateField(required=False, help_text="Default: today.")
    version = serializers.IntegerField(help_text="The version read (0 for a section not written yet).")


class CountryComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.CharField()
    form = serializers.CharField()
    paid = serializers.CharField()
    unverified = serializers.BooleanField()


class CountryOutcomeSerializer(serializers.Serializer):
    household = serializers.CharField(source="key")
    label = serializers.CharField()
    eligible = serializers.BooleanField(allow_null=True)
    total = serializers.CharField()
    components = CountryComponentSerializer(many=True)
    discretionary = CountryComponentSerializer(
        many=True, help_text="Granted case by case: the most, never in the total."
    )
    reasons = serializers.ListField(child=serializers.CharField())
    missing_facts = serializers.ListField(child=serializers.CharField(), source="missing")
    unverified = serializers.BooleanField()


class CountryProgrammeAssistanceSerializer(serializers.Serializer):
    programme = serializers.CharField(source="programme.code")
    name = serializers.CharField(source="programme.name")
    run_by = serializers.ListField(child=serializers.CharField())
    rule_version = serializers.CharField(source="version.label", allow_null=True, default=None)
    valid_from = serializers.DateField(source="version.valid_from", allow_null=True, default=None)
    no_rule = serializers.BooleanField()
    no_rule_text = serializers.CharField()
    outcomes = CountryOutcomeSerializer(many=True)


class CountryCardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    scenario = serializers.ListField(child=serializers.CharField())
    assistance = CountryProgrammeAssistanceSerializer(many=True)
    partners = CountryOfficeSerializer(many=True)
    own_offices = CountryOfficeSerializer(many=True)
    sections = CountrySectionSerializer(many=True)
    answers = serializers.IntegerField()


class KnowledgeEntrySerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    answered_by_office_name = serializers.CharField(source="answered_by_office.name")
    asked_by_agency_name = serializers.CharField(source="asked_by_agency.name")

    class Meta:
        model = KnowledgeEntry
        fields = [
            "id", "country", "topic", "question_text", "answer_text", "answered_by_office",
            "answered_by_office_name", "asked_by_agency_name", "published_at",
        ]  # fmt: skip
        read_only_fields = fields


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


class CountryQuestionSerializer(serializers.ModelSerializer):
    """A question; `case` and `case_number` only for readers of the case."""

    country = CountryCodeField()
    to_office_name = serializers.CharField(source="to_office.name")
    asked_from_name = serializers.CharField(source="asked_from.name")
    asked_by_name = serializers.SerializerMethodField()
    answered_by_name = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    case_number = serializers.SerializerMethodField()
    knowledge_entry = serializers.SerializerMethodField()

    class Meta:
        model = CountryQuestion
        fields = [
            "id", "case", "case_number", "country", "to_office", "to_office_name", "asked_from",
            "asked_from_name", "asked_by_name", "asked_at", "topic", "body", "share_agreed", "status", "answer",
            "answered_by_name", "answered_at", "version", "knowledge_entry",
        ]  # fmt: skip
        read_only_fields = fields

    def _sees(self, q) -> bool:
        return bool(getattr(q, "sees_case", False))

    def get_asked_by_name(self, q) -> str | None:
        return _name(q.asked_by)

    def get_answered_by_name(self, q) -> str | None:
        return _name(q.answered_by)

    def get_case(self, q) -> int | None:
        return q.case_id if self._sees(q) else None

    def get_case_number(self, q) -> str | None:
        return q.case.number if self._sees(q) else None

    def get_knowledge_entry(self, q) -> int | None:
        entry = entry_of(q)
        return entry.pk if entry is not None else None


class CountryQuestionAskSerializer(serializers.Serializer):
    to_office = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.select_related("agency"), help_text="A partner office or an own office in the country."
    )
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True)
    share_agreed = serializers.BooleanField(default=False, help_text="May be shared anonymously in the knowledge base.")


class CountryQuestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(required=False, help_text="The version read; a stale one gets 409.")


class KnowledgeWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class QuestionRecipientSerializer(CountryOfficeSerializer):
    has_case = serializers.BooleanField(help_text="The office reads the case (a live referral to it).")
