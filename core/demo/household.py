"""The people on a case: a household with names, dates of birth, languages,
aliases, vulnerabilities and identity documents, registered through
people.actions."""

import datetime as dt
from dataclasses import dataclass

from cases.lifecycle import Status
from core.demo import texts
from core.demo.origins import VARIANTS, N
from core.demo.plan import STAFF_LANGUAGES, pronouns, slug, weighted
from people import actions as people_actions
from people.models import Relation

S = Status


@dataclass
class Member:
    person: object
    relation: str
    adult: bool
    sex: str
    given: N
    family: N


class HouseholdMixin:
    """The household part of CaseContext."""

    # --- people --------------------------------------------------------------------

    def make_household(self) -> None:
        rng, origin = self.rng, self.origin
        size = weighted(rng, {1: 45, 2: 20, 3: 15, 4: 12, 5: 8})
        couple = size >= 2 and rng.random() < (0.7 if size == 2 else 0.75)
        single_parent = size >= 2 and not couple
        if size == 1:
            sex = "male" if rng.random() < 0.7 else "female"
        elif couple:
            sex = "male" if rng.random() < 0.85 else "female"
        else:
            sex = "female" if rng.random() < 0.8 else "male"
        minor = size == 1 and rng.random() < 0.02
        elderly = not minor and size <= 2 and rng.random() < 0.08
        age = rng.randint(16, 17) if minor else rng.randint(65, 76) if elderly else rng.randint(19, 58)
        if size > 1:
            age = max(age, 22 + 2 * (size - 2))
        family = rng.choice(origin.family)
        given = rng.choice(origin.male if sex == "male" else origin.female)
        principal = self.person(sex, given, family, age, adult=True)
        self.principal = principal
        self.principal_member = Member(principal, Relation.PRINCIPAL, age >= 18, sex, given, family)
        self.members = [self.principal_member]
        youngest_parent = age
        if couple:
            spouse_sex = "female" if sex == "male" else "male"
            spouse_given = rng.choice(origin.female if spouse_sex == "female" else origin.male)
            # A wife takes her husband's family name where that is the custom.
            spouse_family = family if origin.wife_takes_name else rng.choice(origin.family)
            spouse_age = max(19, age + rng.randint(-6, 6) + (3 if spouse_sex == "male" else -2))
            youngest_parent = min(age, spouse_age)
            spouse = self.person(spouse_sex, spouse_given, spouse_family, spouse_age, adult=True)
            self.members.append(Member(spouse, Relation.SPOUSE, True, spouse_sex, spouse_given, spouse_family))
            wife, wife_given = (spouse, spouse_given) if spouse_sex == "female" else (principal, given)
            if origin.wife_takes_name and rng.random() < 0.3:
                maiden = rng.choice(origin.family)
                if maiden != family:
                    name = f"{wife_given.latin} {self.family_for(maiden, 'female').latin}"
                    self.stamp(people_actions.add_alias(wife, by=self.counsellor, name=name, kind="previous"))
        father = next((m for m in self.members if m.sex == "male"), None)
        for _ in range(size - len(self.members)):
            child_sex = rng.choice(["male", "female"])
            child_age = rng.randint(0, max(0, min(17, youngest_parent - 17)))
            if origin.patronymic:
                # Eritrean naming: the father's given name becomes the child's second name.
                child_family = father.given if father else rng.choice(origin.male)
            else:
                child_family = father.family if father else family
            used = {m.given for m in self.members}
            pool = [n for n in (origin.male if child_sex == "male" else origin.female) if n not in used]
            child_given = rng.choice(pool)
            child = self.person(child_sex, child_given, child_family, child_age, adult=False)
            self.members.append(Member(child, Relation.CHILD, False, child_sex, child_given, child_family))
        for i, m in enumerate(self.members[1:]):
            link = people_actions.add_household_member(principal, m.person, by=self.counsellor, relation=m.relation)
            self.stamp(link)
            if i == 0:
                self.stamp(link.household)
        self.record_vulnerabilities(single_parent=single_parent, minor=minor, elderly=elderly)
        self.record_documents()

    def family_for(self, family: N, sex: str) -> N:
        if sex == "female" and self.origin.feminine_family:
            return N(family.latin + "a", family.script + "а" if family.script else "", family.lang)
        return family

    def person(self, sex: str, given: N, family: N, age: int, adult: bool):
        rng, origin = self.rng, self.origin
        family = self.family_for(family, sex)
        dob, precision = self.date_of_birth(age, adult)
        first = family.lang or origin.language
        languages = [first]
        for code, chance in origin.also:
            if rng.random() < chance and code not in languages:
                languages.append(code)
        if not adult and age >= 4 and self.office.default_language not in languages:
            languages.append(self.office.default_language)  # goes to school here
        interpreter = adult and not (set(languages) & STAFF_LANGUAGES)
        born_here = not adult and age * 365 < self.days_in_host
        script = f"{given.script} {family.script}" if given.script and family.script else ""
        fields = dict(
            given_name=given.latin,
            family_name=family.latin,
            original_script_name=script,
            sex=sex,
            date_of_birth=dob,
            dob_precision=precision,
            nationality=origin.country,
            country_of_birth=self.office.country.code if born_here else origin.country,
            interpreter_needed=interpreter,
        )
        if adult and rng.random() < 0.4:
            fields["phone"] = self.phone()
        if adult and rng.random() < 0.15:
            fields["email"] = f"{slug(given.latin)}.{slug(family.latin)}{rng.randint(1, 99)}@example.org"
        person = people_actions.register_person(by=self.counsellor, office=self.office, languages=languages, **fields)
        self.stamp(person)
        self.languages_of[person.pk] = languages
        if adult and rng.random() < 0.25:
            variant = self.variant(given, family)
            if variant:
                self.stamp(people_actions.add_alias(person, by=self.counsellor, name=variant, kind="spelling"))
        if adult and rng.random() < 0.04:
            other = rng.choice(origin.male if sex == "male" else origin.female)
            if other != given:
                name = f"{other.latin} {family.latin}"
                self.stamp(people_actions.add_alias(person, by=self.counsellor, name=name, kind="alias"))
        return person

    def variant(self, given: N, family: N) -> str:
        """The name as another office or document spells it, if we know one."""
        if given.latin in VARIANTS:
            return f"{self.rng.choice(VARIANTS[given.latin])} {family.latin}"
        if family.latin in VARIANTS:
            return f"{given.latin} {self.rng.choice(VARIANTS[family.latin])}"
        return ""

    def date_of_birth(self, age: int, adult: bool) -> tuple[dt.date | None, str]:
        """Born `age` years before the case was opened. Unknown now and then,
        but never on a case whose package the rules must compute (ages)."""
        rng = self.rng
        opened = self.opened_at.astimezone(self.tz).date()
        born = opened - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        r = rng.random()
        unknown = not self.needs_facts
        if not adult:
            if r < 0.04 and unknown:
                return None, "unknown"
            if r < 0.12:
                return dt.date(born.year, 1, 1), "year"
            return born, "full"
        if r < 0.07 and unknown:
            return None, "unknown"
        r -= 0.07
        if r < self.origin.placeholder_rate:
            return dt.date(born.year, 1, 1), "full"  # the 1 January placeholder, as on the documents
        r -= self.origin.placeholder_rate
        if r < 0.12:
            return dt.date(born.year, 1, 1), "year"
        if r < 0.16:
            return dt.date(born.year, born.month, 1), "year_month"
        return born, "full"

    def phone(self) -> str:
        n = self.rng.randint(0, 9999)
        if self.agency == "ofii":
            return f"+33 6 39 98 {n // 100:02d} {n % 100:02d}"
        return f"+32 460 00 {n // 100:02d} {n % 100:02d}"

    def record_vulnerabilities(self, *, single_parent: bool, minor: bool, elderly: bool) -> None:
        rng = self.rng
        self.health = None
        p = self.principal_member
        children = [m for m in self.members if m.relation == Relation.CHILD]
        if minor:
            self.vulnerability(p.person, "unaccompanied_minor")
        if elderly:
            self.vulnerability(p.person, "elderly")
            self.health = rng.choice(texts.HEALTH_DETAILS["elderly"])
        if single_parent and children:
            n = len(children)
            self.vulnerability(p.person, "single_parent", children="one child" if n == 1 else f"{n} children")
        for m in self.members:
            if not m.adult:
                if rng.random() < 0.15:
                    self.vulnerability(m.person, "minor")
                continue
            r = rng.random()
            kind = None
            if r < 0.10:
                kind = "medical"
            elif r < 0.15:
                kind = "mental_health"
            elif r < 0.19 and m.sex == "female":
                kind = "pregnancy"
            elif r < 0.21:
                kind = "disability"
            elif r < 0.225 and m.sex == "female":
                kind = rng.choice(["trafficking", "gender_based_violence"])
            if kind:
                detail = rng.choice(texts.HEALTH_DETAILS[kind]) if kind in texts.HEALTH_DETAILS else ""
                self.vulnerability(m.person, kind, detail=detail, sex=m.sex)
                if m is p and detail:
                    self.health = detail

    def vulnerability(self, person, kind: str, *, detail: str = "", children: str = "", sex: str = "male") -> None:
        words = pronouns(sex)
        details = texts.VULNERABILITY_DETAILS[kind].format(detail=detail, children=children)
        details = details.format(**words)
        details = details[:1].upper() + details[1:]
        self.stamp(people_actions.add_vulnerability(person, by=self.counsellor, kind=kind, details=details))

    def record_documents(self) -> None:
        """Documents held at the start. Where no valid passport is held, a
        laissez-passer is requested in travel preparation (core.demo.journey)."""
        rng = self.rng
        self.doc_state = {}
        for m in self.members:
            r = rng.random()
            reaching = S.READY_TO_DEPART in self.plan.path
            if r < (0.55 if reaching else 0.4):
                state = "passport"
            elif r < (0.75 if reaching else 0.55):
                state = "expired"
            else:
                state = "none"
            self.doc_state[m.person.pk] = state
            if state == "passport":
                self.document(m.person, "passport", self.today + dt.timedelta(days=rng.randint(180, 3600)))
            elif state == "expired":
                expired = self.plan.opened_ago + rng.randint(20, 1500)  # already when the case was opened
                self.document(m.person, "passport", self.today - dt.timedelta(days=expired))
            if m.adult and state == "none" and rng.random() < 0.25:
                self.document(m.person, "national_id", self.today + dt.timedelta(days=rng.randint(100, 2000)))
            if not m.adult and rng.random() < 0.35:
                self.document(m.person, "birth_certificate", None)

    def document(self, person, doc_type: str, expiry) -> None:
        country = self.origin.country
        serial = self.b.next_serial()
        if doc_type == "birth_certificate":
            year = person.date_of_birth.year if person.date_of_birth else self.today.year - self.rng.randint(1, 17)
            number = f"{serial % 1000:03d}/{year}"
        else:
            number = f"{self.origin.passport_prefix}{serial:07d}"
        doc = people_actions.add_document(
            person, by=self.counsellor, doc_type=doc_type, number=number, issuing_country=country, expiry_date=expiry
        )
        self.stamp(doc)
