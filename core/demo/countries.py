"""Country information and questions to the country in the demo, through the
real actions (countries.actions): practical sections for the countries of
return with partners (English, French and Dutch for Guinea; some only in
one language, to show the fallback; one not checked for over a year, to show
the out-of-date mark), and questions asked on demo cases to partner and own
offices there: answered and shared anonymously, answered and kept private,
and one still waiting for more than the task delay.

    add_country_information(builder)   # after the cases are built

The figures in the texts are illustrative demo content, not checked facts.
"""

import datetime as dt

from django.utils import timezone

from cases.models import ReferralStatus, ReturnCase
from countries import actions
from countries.models import CountryQuestion, KnowledgeEntry

# (country, topic, who writes it, days ago checked, {language: text})
SECTIONS = [
    (
        "GN",
        "health",
        "mamadou",
        40,
        {
            "en": "Insulin and the common diabetes and blood-pressure medicines are sold by private pharmacies in "
            "Conakry and at the regional hospitals (Kankan, Labé, N'Zérékoré). Outside Conakry supplies run out "
            "now and then: ask IOM Conakry to check before the departure and give the person three months of "
            "treatment to take home. Consultations at public hospitals are paid; there is no health insurance "
            "for returnees. Mental health care: the psychiatric unit of Donka hospital (Conakry) only.",
            "fr": "L'insuline et les médicaments courants contre le diabète et l'hypertension sont vendus par les "
            "pharmacies privées de Conakry et dans les hôpitaux régionaux (Kankan, Labé, N'Zérékoré). Hors de "
            "Conakry, les ruptures de stock arrivent : demandez à l'OIM Conakry de vérifier avant le départ et "
            "prévoyez trois mois de traitement. Les consultations à l'hôpital public sont payantes ; pas "
            "d'assurance maladie pour les personnes de retour. Santé mentale : seul le service de psychiatrie "
            "de l'hôpital Donka (Conakry).",
            "nl": "Insuline en de gewone geneesmiddelen tegen diabetes en hoge bloeddruk zijn te koop bij private "
            "apotheken in Conakry en in de regionale ziekenhuizen (Kankan, Labé, N'Zérékoré). Buiten Conakry "
            "raken voorraden soms op: vraag IOM Conakry om het voor het vertrek na te gaan en geef drie maanden "
            "behandeling mee. Consultaties in openbare ziekenhuizen zijn betalend; er is geen "
            "ziekteverzekering voor terugkeerders. Geestelijke gezondheidszorg: enkel de psychiatrische "
            "afdeling van het Donka-ziekenhuis (Conakry).",
        },
    ),
    (
        "GN",
        "housing",
        "marc",
        75,
        {
            "en": "Most returnees stay with family at first. A room in a shared courtyard in the outskirts of "
            "Conakry (Ratoma, Matoto) costs roughly 300,000 to 600,000 GNF a month, with several months paid in "
            "advance. The reintegration budget can pay the first months' rent in kind, paid to the landlord.",
            "fr": "La plupart des personnes de retour logent d'abord dans la famille. Une chambre dans une cour "
            "partagée en périphérie de Conakry (Ratoma, Matoto) coûte environ 300 000 à 600 000 GNF par mois, "
            "plusieurs mois étant payés d'avance. Le budget de réintégration peut payer les premiers loyers en "
            "nature, versés au propriétaire.",
        },
    ),
    (
        "GN",
        "documents",
        "mariama",
        20,
        {
            "fr": "Carte d'identité biométrique : à demander à la direction centrale de la police (Conakry) ou dans "
            "les commissariats centraux des préfectures, avec un extrait d'acte de naissance. Un acte de "
            "naissance perdu se reconstitue par jugement supplétif au tribunal de première instance du lieu de "
            "naissance.",
        },
    ),
    (
        "GN",
        "work",
        "mamadou",
        200,
        {
            "en": "Small trade (groceries, phone credit, second-hand clothes), tailoring and motorbike taxis are the "
            "most common projects. Training: the national vocational centres in Conakry and Kankan run short "
            "courses; IOM Conakry pays fees in kind.",
            "fr": "Petit commerce (alimentation, crédit téléphonique, friperie), couture et taxi-moto sont les "
            "projets les plus courants. Formation : centres nationaux de formation professionnelle de Conakry "
            "et Kankan ; l'OIM Conakry paie les frais en nature.",
        },
    ),
    (
        "SN",
        "education",
        "aminata",
        30,
        {
            "fr": "L'école publique est gratuite, mais les familles paient l'inscription, les fournitures et "
            "l'uniforme. Un enfant scolarisé à l'étranger est inscrit sur présentation de son dernier bulletin ; "
            "sans bulletin, l'école fait passer un test de niveau. L'OFII Dakar aide à trouver une place.",
            "en": "Public school is free, but families pay the enrolment fee, supplies and the uniform. A child "
            "schooled abroad is enrolled on their last school report; without one, the school sets a level test. "
            "OFII Dakar helps to find a place.",
        },
    ),
    (
        "GE",
        "health",
        "nino",
        430,  # more than a year: shown out of date
        {
            "en": "The Universal Healthcare Programme covers returnees once they are registered at their address "
            "in Georgia; primary care is free, medicines for chronic conditions are partly paid. Registration "
            "takes about two weeks at the Public Service Hall.",
        },
    ),
    (
        "IQ",
        "documents",
        "dilan",
        60,
        {
            "en": "The unified national card replaces the old civil ID and nationality certificate; it is issued "
            "by the civil status directorate of the governorate where the family is registered. Returnees to "
            "the Kurdistan Region also need residency registration with the local asayish.",
        },
    ),
]

# (case filter, asker, recipient office, topic, question, share, answerer, answer, days ago asked, answered after)
QUESTIONS = [
    (
        {"office__code": "BXL", "country_of_return": "GN", "referred_to": "IOMCKY"},
        "sofie",
        "IOMCKY",
        "health",
        "Is long-acting insulin (glargine) available in Kankan, and what does a month of treatment cost? The "
        "person needs it every day.",
        True,
        "mamadou",
        "Yes: two private pharmacies near the regional hospital of Kankan sell it, about 450,000 GNF for a month. "
        "Stock runs out at times; we can buy three months in advance in kind from the reintegration budget. "
        "Mr {name} can call our office on +224 600 00 00 20 when he arrives.",
        12,
        2,
    ),
    (
        {"office__code": "MRS", "country_of_return": "SN"},
        "claire",
        "OFDKR",
        "education",
        "A 9-year-old girl who has been at school in Marseille for two years returns to Thiès. Can she start "
        "school in the middle of the year?",
        True,
        "aminata",
        "Oui, en cours d'année l'inscription est possible sur présentation du dernier bulletin (traduit si "
        "besoin). L'école publique de quartier à Thiès l'accueillera ; prévoir environ 15 000 FCFA de "
        "fournitures. Nous pouvons accompagner la famille à l'inscription.",
        20,
        3,
    ),
    (
        {"office__code": "GNT", "country_of_return": "CM"},
        "pieter",
        "IOMYAO",
        "housing",
        "What does a room cost in Douala (Bonabéri), and can the reintegration budget pay a deposit?",
        False,
        "esther",
        "Between 25,000 and 40,000 FCFA a month in Bonabéri, with three months in advance. Yes, the deposit can be "
        "paid in kind to the landlord against a signed lease.",
        30,
        4,
    ),
    (
        {"office__code": "BXL", "country_of_return": "GN", "referred_to": None},
        "sofie",
        "IOMCKY",
        "health",
        "Is there a dialysis centre in Labé or only in Conakry?",
        True,
        None,
        "",
        8,
        None,
    ),
]


def _case(spec: dict) -> ReturnCase | None:
    spec = dict(spec)
    referred_to = spec.pop("referred_to", "any")
    cases = ReturnCase.objects.filter(**spec).select_related("office", "principal").order_by("pk")
    if referred_to is None:
        cases = cases.exclude(referrals__isnull=False)
    elif referred_to != "any":
        cases = cases.filter(
            referrals__partner_office__code=referred_to, referrals__status=ReferralStatus.ACCEPTED
        ).distinct()
    return cases.first()


def _backdate_events(since: int, at: dt.datetime) -> int:
    """The audit events written since event `since` happened at `at`: the
    demo's past is not today. Returns the last event's id."""
    from core.demo.history import update_times
    from core.models import AuditEvent

    ids = list(AuditEvent.objects.filter(pk__gt=since).values_list("pk", flat=True))
    update_times(AuditEvent, dict.fromkeys(ids, at))
    return max(ids, default=since)


def add_country_information(builder) -> None:
    from core.models import AuditEvent
    from organisations.models import Office

    now = timezone.now()
    today = timezone.localdate()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for country, topic, username, days_ago, texts in SECTIONS:
        actions.update_section(
            country,
            topic,
            by=builder.users[username],
            expected_version=0,
            texts=texts,
            checked_on=today - dt.timedelta(days=days_ago),
        )
        last = _backdate_events(last, now - dt.timedelta(days=days_ago, hours=2))
    offices = {o.code: o for o in Office.objects.filter(code__in={q[2] for q in QUESTIONS})}
    for spec, asker, office, topic, body, share, answerer, answer, asked_days, answered_after in QUESTIONS:
        case = _case(spec)
        if case is None or office not in offices:
            continue
        question = actions.ask_question(
            case, by=builder.users[asker], to_office=offices[office], body=body, share_agreed=share, topic=topic
        )
        asked_at = now - dt.timedelta(days=asked_days, hours=3)
        CountryQuestion.objects.filter(pk=question.pk).update(asked_at=asked_at)
        last = _backdate_events(last, asked_at)
        if answerer is None:
            continue
        text = answer.format(name=case.principal.family_name)
        actions.answer_question(question, by=builder.users[answerer], answer=text)
        answered_at = asked_at + dt.timedelta(days=answered_after, hours=5)
        CountryQuestion.objects.filter(pk=question.pk).update(answered_at=answered_at)
        KnowledgeEntry.objects.filter(question=question).update(published_at=answered_at)
        last = _backdate_events(last, answered_at)
