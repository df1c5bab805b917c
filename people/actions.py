"""Every change to a person's record: one transaction, with its audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.errors import StaleEdit
from people.matching.index import index_people
from people.models import Alias, Household, HouseholdMember, IdentityDocument, Person, PersonLanguage, Vulnerability

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "original_script_name",
    "sex",
    "date_of_birth",
    "dob_precision",
    "nationality",
    "country_of_birth",
    "interpreter_needed",
    "phone",
    "email",
]


def _set_languages(person: Person, languages: list[str]) -> None:
    person.languages.exclude(language__in=languages).delete()
    have = set(person.languages.values_list("language", flat=True))
    PersonLanguage.objects.bulk_create(
        PersonLanguage(person=person, language=code) for code in languages if code not in have
    )


@transaction.atomic
def register_person(*, by, office, languages: list[str] = (), aliases: list[str] = (), **fields) -> Person:
    person = Person(registered_by_office=office, created_by=by, **fields)
    person.full_clean(exclude=["search_names"])
    person.save()
    for name in aliases:
        Alias.objects.create(person=person, name=name)
    _set_languages(person, list(languages))
    person.refresh_search_names()
    person.save(update_fields=["search_names"])
    index_people([person.pk])
    audit.record(
        by,
        "person.registered",
        person,
        person_id=person.pk,
        changes={**audit.created(person, PERSON_FIELDS), "languages": [None, list(languages)]},
    )
    return person


@transaction.atomic
def update_person(person: Person, *, by, expected_version: int, languages: list[str] | None = None, **fields) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        raise StaleEdit(_("Someone else changed this person's record while you were editing. Reload and try again."))
    before = audit.snapshot(locked, list(fields))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["search_names"])
    locked.version += 1
    locked.refresh_search_names()
    locked.save()
    index_people([locked.pk])
    changes = audit.diff(before, audit.snapshot(locked, list(fields)))
    if languages is not None:
        old = sorted(locked.languages.values_list("language", flat=True))
        _set_languages(locked, languages)
        if old != sorted(languages):
            changes["languages"] = [old, sorted(languages)]
    audit.record(by, "person.updated", locked, person_id=locked.pk, changes=changes)
    return locked


@transaction.atomic
def add_alias(person: Person, *, by, name: str, kind: str) -> Alias:
    alias = Alias(person=person, name=name, kind=kind)
    alias.full_clean()
    alias.save()
    person.refresh_search_names()
    Person.objects.filter(pk=person.pk).update(search_names=person.search_names)
    index_people([person.pk])
    audit.record(
        by, "person.alias_added", alias, person_id=person.pk, changes={"name": [None, name], "kind": [None, kind]}
    )
    return alias


@transaction.atomic
def add_document(
    person: Person, *, by, doc_type: str, number: str, issuing_country: str, expiry_date=None
) -> IdentityDocument:
    doc = IdentityDocument(
        person=person, doc_type=doc_type, number=number, issuing_country=issuing_country, expiry_date=expiry_date
    )
    doc.full_clean(exclude=["number_normalised"])
    doc.save()
    index_people([person.pk])
    audit.record(
        by,
        "person.document_added",
        doc,
        person_id=person.pk,
        changes=audit.created(doc, ["doc_type", "number", "issuing_country", "expiry_date"]),
    )
    return doc


@transaction.atomic
def add_vulnerability(person: Person, *, by, kind: str, details: str = "") -> Vulnerability:
    vuln = Vulnerability(person=person, kind=kind, details=details, recorded_by=by)
    vuln.full_clean()
    vuln.save()
    audit.record(
        by,
        "person.vulnerability_added",
        vuln,
        person_id=person.pk,
        changes={"kind": [None, kind], "details": [None, details]},
    )
    return vuln


@transaction.atomic
def add_household_member(principal: Person, member: Person, *, by, relation: str) -> HouseholdMember:
    household, _created = Household.objects.get_or_create(principal=principal)
    link = HouseholdMember(household=household, person=member, relation=relation)
    link.full_clean()
    link.save()
    audit.record(
        by,
        "person.household_member_added",
        link,
        person_id=principal.pk,
        changes={"member": [None, member.pk], "relation": [None, relation]},
    )
    return link
