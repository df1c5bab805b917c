"""Every change to country information and questions to the country: one
transaction, the change and its audit event; emails on commit."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from core import audit
from core.errors import DomainError, StaleEdit
from core.languages import validate_language
from core.names import normalise_name
from countries import access, anonymise
from countries.models import CountryQuestion, KnowledgeEntry, PracticalSection, QuestionStatus, SectionText, Topic
from organisations.access import memberships_of
from organisations.models import Membership
from reintegration.notify import notify, site_url

MAX_QUESTION = 4000
MAX_ANSWER = 8000
MAX_SECTION = 20000

# --- practical sections -----------------------------------------------------------


def _section_state(section: PracticalSection | None) -> dict:
    if section is None or section.pk is None:
        return {}
    state = {f"text.{t.language}": t.body for t in section.texts.all()}
    state["checked_on"] = section.checked_on.isoformat() if section.checked_on else None
    state["checked_by"] = section.checked_by_id
    return state


@transaction.atomic
def update_section(country: str, topic: str, *, by, expected_version: int, texts: dict, checked_on=None):
    """Write a practical section: its text per language (an empty text takes
    that language out), checked on `checked_on` (today by default) by `by`.
    `expected_version` is the version the editor loaded (0 for a section not
    written yet): a stale one is refused, nothing saved."""
    if not access.may_edit_sections(by, country):
        raise DomainError(_("You may not edit this country's practical information."), code="forbidden")
    if topic not in Topic.values:
        raise DomainError(_("Choose one of the sections."), field="topic")
    cleaned = {}
    for language, body in texts.items():
        try:
            validate_language(language)
        except Exception:  # noqa: BLE001 - a ValidationError with the language's message
            raise DomainError(_("%(code)s is not a language code.") % {"code": language}, field="texts") from None
        body = (body or "").strip()
        if len(body) > MAX_SECTION:
            message = _("Keep each text under %(n)d characters.") % {"n": MAX_SECTION}
            raise DomainError(message, field=f"text_{language}")
        if body:
            cleaned[language] = body
    if not cleaned:
        raise DomainError(_("Write the text in at least one language."), field="texts")
    today = timezone.localdate()
    checked_on = checked_on or today
    if checked_on > today:
        raise DomainError(_("The date it was checked cannot be in the future."), field="checked_on")
    section = PracticalSection.objects.select_for_update().filter(country=country, topic=topic).first()
    current = section.version if section is not None else 0
    if expected_version is None or int(expected_version) != current:
        raise StaleEdit(_("Someone else changed this section while you were editing. Reload and try again."))
    before = _section_state(section)
    try:
        with transaction.atomic():
            if section is None:
                section = PracticalSection.objects.create(country=country, topic=topic, version=0)
    except IntegrityError:
        raise StaleEdit(_("Someone else wrote this section while you were editing. Reload and try again.")) from None
    section.checked_on = checked_on
    section.checked_by = by
    section.checked_by_office = next((m.office for m in memberships_of(by)), None)
    section.version = current + 1
    section.save()
    section.texts.exclude(language__in=list(cleaned)).delete()
    for language, body in cleaned.items():
        SectionText.objects.update_or_create(section=section, language=language, defaults={"body": body})
    after = _section_state(section)
    keys = sorted(set(before) | set(after))
    changes = {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}
    audit.record(by, "country_section.updated", section, changes=changes | {"version": [current, section.version]})
    return section


# --- questions to the country ----------------------------------------------------------


def _recipients(office):
    """The people who answer for an office: its partner caseworkers and staff."""
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(office=office, role__in=access.ANSWER).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


@transaction.atomic
def ask_question(case, *, by, to_office, body: str, share_agreed: bool, topic: str = "") -> CountryQuestion:
    """Ask `to_office` a question about the case's situation. When that
    office cannot read the case, the question may not name its people: it is
    refused, naming what to take out."""
    if not access.may_ask(by, case):
        raise DomainError(_("You may not ask questions on this case."), code="forbidden")
    if to_office is None or not access.recipient_offices(case).filter(pk=to_office.pk).exists():
        raise DomainError(
            _("Choose a partner office or one of your agency's offices in the country of return."), field="to_office"
        )
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the question."), field="body")
    if len(body) > MAX_QUESTION:
        raise DomainError(_("Keep the question under %(n)d characters.") % {"n": MAX_QUESTION}, field="body")
    if topic and topic not in Topic.values:
        raise DomainError(_("Choose one of the topics."), field="topic")
    if not office_sees_case(to_office, case):
        found = anonymise.find(body, anonymise.identifiers_of(case))
        if found:
            what = anonymise.placeholders()[found[0].kind]
            raise DomainError(
                _(
                    "This office does not have the case: take out what identifies the person (%(what)s), "
                    "or refer the case to them first."
                )
                % {"what": what},
                field="body",
            )
    question = CountryQuestion.objects.create(
        case=case,
        country=case.country_of_return,
        to_office=to_office,
        asked_from=case.office,
        asked_by=by,
        topic=topic or "",
        body=body,
        share_agreed=bool(share_agreed),
    )
    audit.record(
        by,
        "country_question.asked",
        question,
        case_id=case.pk,
        changes=audit.created(question, ["to_office", "topic", "share_agreed", "body"]),
    )
    notify(
        _recipients(to_office),
        gettext_lazy("A question from %(office)s about the situation in the country"),
        "countries/question_email_new.txt",
        {"office": case.office.name, "link": site_url(reverse("country-question", args=[question.pk]))},
    )
    return question


def office_sees_case(office, case) -> bool:
    """Whether staff of `office` read the case: a live referral to the office
    (or to its organisation without naming an office), or the case's own office."""
    from cases.models import Referral

    if office.pk == case.office_id:
        return True
    return (
        case.referrals.filter(status__in=Referral.LIVE, partner=office.agency_id)
        .filter(partner_office__isnull=True)
        .exists()
        or case.referrals.filter(status__in=Referral.LIVE, partner_office=office).exists()
    )


@transaction.atomic
def answer_question(question: CountryQuestion, *, by, answer: str, expected_version: int | None = None):
    """Answer an open question: back on the case, the asker emailed (a link),
    the office's task about it done, and with the asker's agreement the
    anonymised question and answer published to the knowledge base."""
    question = (
        CountryQuestion.objects.select_for_update(of=("self",))
        .select_related("case", "to_office", "asked_from")
        .get(pk=question.pk)
    )
    if not access.may_answer(by, question):
        raise DomainError(_("Only the office the question was asked to may answer it."), code="forbidden")
    if expected_version is not None and int(expected_version) != question.version:
        raise StaleEdit(_("Someone else answered this question while you were writing. Reload and read it."))
    if question.status != QuestionStatus.OPEN:
        raise StaleEdit(_("This question is already answered."))
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write the answer."), field="answer")
    if len(answer) > MAX_ANSWER:
        raise DomainError(_("Keep the answer under %(n)d characters.") % {"n": MAX_ANSWER}, field="answer")
    question.answer = answer
    question.answered_by = by
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.version += 1
    question.save()
    audit.record(
        by,
        "country_question.answered",
        question,
        case_id=question.case_id,
        changes={"status": [QuestionStatus.OPEN, QuestionStatus.ANSWERED], "answer": [None, answer]},
    )
    _close_task(question, by)
    if question.share_agreed:
        publish(question)
    notify(
        [question.asked_by],
        gettext_lazy("%(office)s answered your question"),
        "countries/question_email_answered.txt",
        {
            "office": question.to_office.name,
            "link": site_url(reverse("case-country-questions", args=[question.case_id]) + f"#q{question.pk}"),
        },
    )
    return question


def _close_task(question, by) -> None:
    from countries.question_tasks import task_key
    from tasks.actions import complete_task
    from tasks.models import Task

    for task in Task.objects.filter(auto_key=task_key(question), done_at__isnull=True):
        complete_task(task, by=by)


def publish(question: CountryQuestion) -> KnowledgeEntry:
    """The anonymised question and answer, in the knowledge base of the
    question's country. Called inside answer_question's transaction."""
    ids = anonymise.identifiers_of(question.case)
    with override(question.to_office.default_language):
        question_text, removed_q = anonymise.anonymise(question.body, ids)
        answer_text, removed_a = anonymise.anonymise(question.answer, ids)
    entry = KnowledgeEntry.objects.create(
        question=question,
        country=question.country,
        topic=question.topic,
        question_text=question_text,
        answer_text=answer_text,
        search_text=normalise_name(f"{question_text} {answer_text}"),
        answered_by_office=question.to_office,
        asked_by_agency=question.asked_from.agency,
    )
    removed = removed_q + removed_a
    audit.record(
        question.answered_by,
        "knowledge.published",
        entry,
        case_id=question.case_id,
        changes={"question": [None, question.pk], "removed": dict(sorted(removed.items()))},
    )
    return entry


@transaction.atomic
def withdraw_entry(entry: KnowledgeEntry, *, by, reason: str = "") -> KnowledgeEntry:
    """Take a published answer out of the knowledge base: the asker, or a
    team leader or administrator of the asking office."""
    entry = (
        KnowledgeEntry.objects.select_for_update(of=("self",)).select_related("question__asked_from").get(pk=entry.pk)
    )
    if entry.withdrawn_at is not None:
        raise StaleEdit(_("This answer is already withdrawn."))
    if not access.may_withdraw(by, entry):
        raise DomainError(_("Only the asker or a team leader of their office may withdraw it."), code="forbidden")
    entry.withdrawn_at = timezone.now()
    entry.withdrawn_by = by
    entry.withdraw_reason = (reason or "").strip()
    entry.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit.record(
        by,
        "knowledge.withdrawn",
        entry,
        case_id=entry.question.case_id if entry.question else None,
        changes={"withdrawn_at": [None, entry.withdrawn_at], "reason": [None, entry.withdraw_reason]},
    )
    return entry
