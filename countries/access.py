"""Who may see and do what with country cards, questions to the country and
the knowledge base. Anything not granted here is denied.

Country cards and the knowledge base are shared know-how: every signed-in
member of an agency reads them, whatever their agency (an outsider gets 403).
The practical sections are written by team leaders and agency administrators
(of any agency), and by partner caseworkers of an office in that country.

A question is asked on a case by its office's counsellors, team leaders and
agency administrators, to a partner office in the country of return or to one
of their own agency's offices there. The recipient office's staff read and
answer it. What they see of the case is what cases.access gives them (the
partner scope of reintegration: a live referral addressed to them): without
it, the question's text and who asked, never the case."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cases.access import case_roles
from countries.models import CountryQuestion, KnowledgeEntry
from organisations.access import READ_ONLY_ROLES, memberships_of, roles_for_office, scope_q
from organisations.models import AgencyKind, Office, Role

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

EDIT_CARDS = {TL, ADM}
ASK = {C, TL, ADM}
# The recipient office's staff who answer (partner caseworkers, and for an
# agency's own office abroad whoever works there).
ANSWER = {PC, C, TL, ADM}
# Who withdraws a published answer besides the asker: the asking office's leads.
WITHDRAW = {TL, ADM}


def is_agency_staff(user) -> bool:
    return bool(memberships_of(user))


def require_staff(user) -> None:
    """Shared pages: 403 for a signed-in user with no role in any agency."""
    if not is_agency_staff(user):
        raise PermissionDenied


def partner_office_ids(user) -> set[int]:
    return {m.office_id for m in memberships_of(user) if m.role == PC}


def may_edit_sections(user, country: str) -> bool:
    for m in memberships_of(user):
        if m.role in EDIT_CARDS:
            return True
        if m.role == PC and m.office.country.code == country:
            return True
    return False


# --- questions -----------------------------------------------------------------


def may_ask(user, case) -> bool:
    return bool(roles_for_office(user, case.office) & ASK)


def recipient_offices(case) -> QuerySet[Office]:
    """Where a question on `case` may go: partner offices in the country of
    return, and the case's own agency's offices there (abroad)."""
    partner = Q(agency__kind__in=[AgencyKind.PARTNER, AgencyKind.NGO])
    own = Q(agency=case.office.agency) & ~Q(country=case.office.agency.country)
    return (
        Office.objects.filter(partner | own, country=case.country_of_return)
        .select_related("agency")
        .order_by("agency__name", "name")
    )


def office_roles(user, office) -> set[str]:
    """The user's roles on a recipient office: office and agency roles, and
    partner caseworker when they work there."""
    roles = set(roles_for_office(user, office))
    if office.pk in partner_office_ids(user):
        roles.add(PC)
    return roles


def received_q(user) -> Q | None:
    """Questions addressed to an office the user works in or covers."""
    q = scope_q(user, office_field="to_office")
    offices = partner_office_ids(user)
    if offices:
        q = Q(to_office__in=offices) if q is None else q | Q(to_office__in=offices)
    return q


def received_questions(user) -> QuerySet[CountryQuestion]:
    q = received_q(user)
    return CountryQuestion.objects.filter(q) if q is not None else CountryQuestion.objects.none()


def asked_questions(user) -> QuerySet[CountryQuestion]:
    """Questions asked from the offices the user covers (the sending side)."""
    q = scope_q(user, office_field="asked_from")
    return CountryQuestion.objects.filter(q) if q is not None else CountryQuestion.objects.none()


def get_question_for_user(user, pk, *, answer: bool = False) -> CountryQuestion:
    """One question: the sending office's staff and the recipient office's;
    404 for anyone else (they cannot learn it exists), 403 for an answer by
    someone who may only read. Sets `sending`, `receiving`, `sees_case`."""
    try:
        question = CountryQuestion.objects.select_related(
            "case", "case__office", "case__office__agency", "case__principal", "to_office", "to_office__agency",
            "asked_from", "asked_by", "answered_by",
        ).get(pk=pk)  # fmt: skip
    except (CountryQuestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    sending = roles_for_office(user, question.case.office)
    receiving = office_roles(user, question.to_office)
    if not sending and not receiving:
        raise Http404
    if answer and not receiving & ANSWER:
        raise PermissionDenied
    question.sending = sending
    question.receiving = receiving
    question.sees_case = sees_case(user, question)
    return question


def sees_case(user, question: CountryQuestion) -> bool:
    """Whether the user may read the question's case (and so its number and
    people): the scope of cases.access, the partner's included."""
    return bool(case_roles(user, question.case))


def may_answer(user, question: CountryQuestion) -> bool:
    roles = getattr(question, "receiving", None)
    if roles is None:
        roles = office_roles(user, question.to_office)
    return bool(roles & ANSWER) and not roles <= READ_ONLY_ROLES


def case_questions(user, case) -> QuerySet[CountryQuestion]:
    """The questions of a case the user may read on the case page: all of
    them for the sending office's staff, those addressed to their offices
    for a partner reading the case through a referral."""
    questions = case.country_questions.select_related("to_office", "to_office__agency", "asked_by", "answered_by")
    if roles_for_office(user, case.office):
        return questions
    q = received_q(user)
    return questions.filter(q) if q is not None else questions.none()


# --- the knowledge base -------------------------------------------------------------


def published_entries(user, country: str | None = None) -> QuerySet[KnowledgeEntry]:
    """Published answers, not withdrawn: every agency's staff read them."""
    if not is_agency_staff(user):
        return KnowledgeEntry.objects.none()
    entries = KnowledgeEntry.objects.filter(withdrawn_at__isnull=True)
    return entries.filter(country=country) if country else entries


def may_withdraw(user, entry: KnowledgeEntry) -> bool:
    question = entry.question
    if question is None or entry.withdrawn_at is not None:
        return False
    return question.asked_by_id == user.pk or bool(roles_for_office(user, question.asked_from) & WITHDRAW)
