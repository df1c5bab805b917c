"""Demo conversation guides and practice notes, written through the guides'
actions: Fedasil's guides in English, French and Dutch (its "Consideration"
guide in two published versions), OFII's own decision guide in French, OFII's
adopted copy of Fedasil's consideration guide (adapted, one version behind the
original, so the "newer version" notice shows), practice notes shared both
ways, and a few interviews run from a guide, ticks and all.

Call load_guides(builder) after builder.build_cases(): it uses the builder's
users, agencies and cases, and is deterministic (no randomness, dates from
the builder's horizon)."""

import datetime as dt

from django.db.models import Max

from cases.lifecycle import Status
from cases.models import ReturnCase
from core.demo.history import update_times
from core.models import AuditEvent
from counselling.models import Interview
from guides import actions, actions_notes, actions_use
from guides.library import interview_language_choice, latest_published
from guides.models import POINT_KINDS, Guide, GuideUse, GuideVersion, PracticeNote

KINDS = {"km": "key_message", "q": "question", "cp": "checkpoint", "n": "note"}

# A guide: phase, languages with (title, summary), then sections: a title per
# language and items as (kind, text per language...), in the languages' order.
FEDASIL_CONSIDERATION = {
    "phase": "consideration",
    "languages": {
        "en": (
            "Considering return: the second conversation",
            "For a person who is thinking about return but has not decided. Give the facts they need to weigh it, "
            "in their own time, without pressure.",
        ),
        "fr": (
            "Envisager le retour : le deuxième entretien",
            "Pour une personne qui pense au retour sans l'avoir décidé. Donner les informations nécessaires pour "
            "peser ce choix, à son rythme, sans pression.",
        ),
        "nl": (
            "Terugkeer overwegen: het tweede gesprek",
            "Voor iemand die aan terugkeer denkt maar nog niet beslist heeft. Geef de informatie die nodig is om de "
            "keuze af te wegen, op eigen tempo, zonder druk.",
        ),
    },
    "sections": [
        (
            (
                "Opening: trust and confidentiality",
                "Ouverture : confiance et confidentialité",
                "Opening: vertrouwen en vertrouwelijkheid",
            ),
            [
                (
                    "km",
                    "The decision is yours and it is voluntary. You can change your mind at any moment until "
                    "departure, even at the airport.",
                    "La décision vous appartient et elle est volontaire. Vous pouvez changer d'avis à tout moment "
                    "jusqu'au départ, même à l'aéroport.",
                    "De beslissing is de uwe en ze is vrijwillig. U kunt tot aan het vertrek van gedachten veranderen, "
                    "zelfs op de luchthaven.",
                ),
                (
                    "km",
                    "The authorities of your country are not told that you are thinking about return, nor that "
                    "you talk to us.",
                    "Les autorités de votre pays ne sont pas informées que vous envisagez un retour, ni que vous nous "
                    "parlez.",
                    "De autoriteiten van uw land worden niet ingelicht dat u aan terugkeer denkt, noch dat u met ons "
                    "praat.",
                ),
                (
                    "km",
                    "Talking to a return counsellor has no effect on your asylum procedure or your appeal.",
                    "Parler avec un conseiller au retour n'a aucun effet sur votre procédure d'asile ni sur votre "
                    "recours.",
                    "Een gesprek met een terugkeerbegeleider heeft geen invloed op uw asielprocedure of uw beroep.",
                ),
                (
                    "n",
                    "Check that the interpreter speaks the person's own language, not only the official language "
                    "of the country, and ask whether they prefer a man or a woman.",
                    "Vérifier que l'interprète parle la langue de la personne, pas seulement la langue officielle du "
                    "pays, et lui demander si elle préfère un homme ou une femme.",
                    "Ga na of de tolk de eigen taal van de persoon spreekt, niet alleen de officiële taal van "
                    "het land, "
                    "en vraag of de persoon een man of een vrouw verkiest.",
                ),
            ],
        ),
        (
            ("Their situation and their questions", "Sa situation et ses questions", "De situatie en de vragen"),
            [
                (
                    "q",
                    "What made you think about going back now?",
                    "Qu'est-ce qui vous fait penser au retour en ce moment ?",
                    "Waardoor denkt u nu aan terugkeer?",
                ),
                (
                    "q",
                    "Who is waiting for you there, and who would you live with?",
                    "Qui vous attend là-bas, et avec qui vivriez-vous ?",
                    "Wie wacht daar op u, en bij wie zou u wonen?",
                ),
                (
                    "q",
                    "What worries you most about going back?",
                    "Qu'est-ce qui vous inquiète le plus dans le retour ?",
                    "Waar maakt u zich het meest zorgen over bij een terugkeer?",
                ),
                (
                    "cp",
                    "Asked about health needs and medicines, and whether treatment exists in the region of return",
                    "Besoins de santé et médicaments abordés, et disponibilité du traitement dans la région de retour",
                    "Gezondheid en medicatie besproken, en of behandeling bestaat in de regio van terugkeer",
                ),
                (
                    "n",
                    "Listen first. Do not present return as the only way out: the person must be able to weigh it "
                    "against staying.",
                    "Écouter d'abord. Ne pas présenter le retour comme la seule issue : la personne doit pouvoir le "
                    "comparer au fait de rester.",
                    "Eerst luisteren. Stel terugkeer niet voor als de enige uitweg: de persoon moet het kunnen afwegen "
                    "tegen blijven.",
                ),
            ],
        ),
        (
            ("Legal options to stay", "Les possibilités légales de rester", "Wettelijke mogelijkheden om te blijven"),
            [
                (
                    "km",
                    "Return is one option among others. If you still have legal ways to stay (an appeal, a new "
                    "application, regularisation on medical or humanitarian grounds), you keep them, and we can refer "
                    "you to a lawyer.",
                    "Le retour est une option parmi d'autres. Si vous avez encore des possibilités légales de rester "
                    "(un recours, une nouvelle demande, une régularisation pour raisons médicales ou "
                    "humanitaires), vous "
                    "les gardez, et nous pouvons vous orienter vers un avocat.",
                    "Terugkeer is één mogelijkheid naast andere. Hebt u nog wettelijke mogelijkheden om te "
                    "blijven (een "
                    "beroep, een nieuwe aanvraag, regularisatie om medische of humanitaire redenen), dan "
                    "behoudt u die, "
                    "en we kunnen u naar een advocaat doorverwijzen.",
                ),
                (
                    "cp",
                    "Checked where the person stands in the procedure and whether an appeal deadline is running",
                    "Vérifié où en est la procédure et si un délai de recours est en cours",
                    "Nagegaan waar de procedure staat en of er een beroepstermijn loopt",
                ),
                (
                    "cp",
                    "Offered a referral to legal aid (a lawyer or a legal service)",
                    "Proposé une orientation vers l'aide juridique (un avocat ou un service juridique)",
                    "Doorverwijzing naar juridische bijstand voorgesteld (een advocaat of een juridische dienst)",
                ),
            ],
        ),
        (
            (
                "The support: what is in kind and what is cash",
                "L'aide : ce qui est en nature et ce qui est en espèces",
                "De steun: wat in natura en wat in contanten",
            ),
            [
                (
                    "km",
                    "The ticket, the travel documents and help at the airport are paid for. A small amount is paid "
                    "in cash at departure; reintegration support is given in kind (goods, training, rent, medical "
                    "costs), not in cash.",
                    "Le billet, les documents de voyage et l'aide à l'aéroport sont pris en charge. Un petit "
                    "montant est "
                    "versé en espèces au départ ; l'aide à la réintégration est accordée en nature (matériel, "
                    "formation, "
                    "loyer, frais médicaux), pas en espèces.",
                    "Het ticket, de reisdocumenten en de hulp op de luchthaven worden betaald. Bij vertrek "
                    "krijgt u een "
                    "klein bedrag in contanten; de re-integratiesteun wordt in natura gegeven (materiaal, opleiding, "
                    "huur, medische kosten), niet in contanten.",
                ),
                (
                    "km",
                    "Reintegration support is prepared with a partner in your country, such as IOM or Caritas, "
                    "and is used within twelve months of your return.",
                    "L'aide à la réintégration est préparée avec un partenaire dans votre pays, comme l'OIM ou "
                    "Caritas, "
                    "et s'utilise dans les douze mois qui suivent le retour.",
                    "De re-integratiesteun wordt voorbereid met een partner in uw land, zoals IOM of Caritas, en wordt "
                    "gebruikt binnen twaalf maanden na uw terugkeer.",
                ),
                (
                    "cp",
                    "Explained which amounts apply to this person (from the case's eligibility page, never a "
                    "figure from memory)",
                    "Expliqué les montants qui s'appliquent à cette personne (d'après la page d'éligibilité du "
                    "dossier, "
                    "jamais un chiffre de mémoire)",
                    "Uitgelegd welke bedragen voor deze persoon gelden (volgens de pagina over het recht op steun in "
                    "het dossier, nooit een bedrag uit het hoofd)",
                ),
                (
                    "n",
                    "Do not promise a reintegration budget before the package is approved.",
                    "Ne pas promettre de budget de réintégration avant que le forfait soit approuvé.",
                    "Beloof geen re-integratiebudget voordat het pakket goedgekeurd is.",
                ),
            ],
        ),
        (
            ("Closing", "Conclusion", "Afsluiting"),
            [
                (
                    "cp",
                    "Agreed on a next appointment, or on how the person can reach us",
                    "Convenu d'un prochain rendez-vous, ou de la manière de nous joindre",
                    "Een volgende afspraak gemaakt, of afgesproken hoe de persoon ons kan bereiken",
                ),
                (
                    "cp",
                    "Gave the written information sheet in the person's language",
                    "Remis la fiche d'information écrite dans la langue de la personne",
                    "Het schriftelijke informatieblad in de taal van de persoon meegegeven",
                ),
                (
                    "q",
                    "Is there anything you would like to ask me that we have not talked about?",
                    "Y a-t-il une question que vous aimeriez me poser et dont nous n'avons pas parlé ?",
                    "Is er iets dat u me wilt vragen en waarover we nog niet gesproken hebben?",
                ),
            ],
        ),
    ],
}

# What Fedasil's second version adds (to "The support") and rewrites.
CONSIDERATION_V2_ADD = (
    3,
    "km",
    "If you have received return assistance before, the support may be reduced or refused: tell us now, so that we "
    "give you the right figures.",
    "Si vous avez déjà reçu une aide au retour, l'aide peut être réduite ou refusée : dites-le-nous maintenant, pour "
    "que nous vous donnions les bons montants.",
    "Hebt u al eerder terugkeersteun gekregen, dan kan de steun verminderd of geweigerd worden: zeg het ons nu, "
    "zodat we u de juiste bedragen geven.",
)
CONSIDERATION_V2_CHANGE = (
    4,
    1,
    "Gave the written information sheet in the person's language, and went through it together",
    "Remis la fiche d'information écrite dans la langue de la personne, et parcourue ensemble",
    "Het schriftelijke informatieblad in de taal van de persoon meegegeven en samen overlopen",
)

FEDASIL_ORIENTATION = {
    "phase": "orientation",
    "languages": {
        "en": ("First contact: what voluntary return is", "The first conversation, often in the reception centre."),
        "fr": (
            "Premier contact : ce qu'est le retour volontaire",
            "Le premier entretien, souvent au centre d'accueil.",
        ),
        "nl": ("Eerste contact: wat vrijwillige terugkeer is", "Het eerste gesprek, vaak in het opvangcentrum."),
    },
    "sections": [
        (
            ("Who we are", "Qui nous sommes", "Wie we zijn"),
            [
                (
                    "km",
                    "Fedasil's return counsellors are social workers, not the police or the immigration office.",
                    "Les conseillers au retour de Fedasil sont des travailleurs sociaux, pas la police ni l'Office des "
                    "étrangers.",
                    "De terugkeerbegeleiders van Fedasil zijn maatschappelijk werkers, niet de politie of de Dienst "
                    "Vreemdelingenzaken.",
                ),
                (
                    "km",
                    "This conversation is for information only: nothing is decided today.",
                    "Cet entretien est purement informatif : rien n'est décidé aujourd'hui.",
                    "Dit gesprek is enkel informatief: vandaag wordt niets beslist.",
                ),
                (
                    "q",
                    "What do you already know about voluntary return, and who told you?",
                    "Que savez-vous déjà du retour volontaire, et qui vous en a parlé ?",
                    "Wat weet u al over vrijwillige terugkeer, en wie heeft het u verteld?",
                ),
                (
                    "n",
                    "Rumours are common (‘they give you 10,000 euros’, ‘the embassy will be told’): ask what "
                    "the person has heard and correct it calmly.",
                    "Les rumeurs sont fréquentes (« on vous donne 10 000 euros », « l'ambassade sera prévenue ») : "
                    "demander ce que la personne a entendu et corriger calmement.",
                    "Geruchten zijn vaak (‘je krijgt 10.000 euro’, ‘de ambassade wordt verwittigd’): vraag wat de "
                    "persoon gehoord heeft en stel het rustig bij.",
                ),
            ],
        ),
        (
            ("Staying in touch", "Garder le contact", "Contact houden"),
            [
                (
                    "cp",
                    "Gave the phone number and opening hours of the return desk",
                    "Donné le numéro de téléphone et les heures d'ouverture du guichet retour",
                    "Telefoonnummer en openingsuren van de terugkeerbalie meegegeven",
                ),
                (
                    "cp",
                    "Noted the language the person prefers, and whether an interpreter is needed",
                    "Noté la langue préférée de la personne, et si un interprète est nécessaire",
                    "De voorkeurstaal van de persoon genoteerd, en of een tolk nodig is",
                ),
            ],
        ),
    ],
}

OFII_DECISION = {
    "phase": "decision",
    "languages": {
        "fr": (
            "L'entretien de décision : confirmer un choix libre et éclairé",
            "Pour la personne qui a décidé de rentrer : vérifier que le choix est libre, préparer la demande d'aide "
            "au retour et fixer les prochaines étapes.",
        ),
    },
    "sections": [
        (
            ("Un choix libre",),
            [
                (
                    "km",
                    "Vous pouvez encore renoncer au retour à tout moment avant le départ : il suffit de nous prévenir.",
                ),
                ("q", "Comment avez-vous pris cette décision, et en avez-vous parlé avec votre famille ?"),
                ("cp", "Vérifié que la décision n'est pas prise sous la pression d'un tiers"),
                (
                    "n",
                    "En cas de doute sur une pression (dette, réseau, famille), proposer un nouvel entretien sans "
                    "l'accompagnant.",
                ),
            ],
        ),
        (
            ("La demande d'aide au retour",),
            [
                (
                    "km",
                    "L'aide au retour n'est accordée qu'une fois : vos empreintes sont enregistrées, et conservées "
                    "cinq ans si l'aide est accordée.",
                ),
                ("cp", "Consentement au traitement des données signé"),
                ("cp", "Passeport vérifié ; à défaut, demande de laissez-passer à prévoir avec le consulat"),
                ("cp", "Expliqué le montant de l'allocation et sa baisse selon le temps écoulé depuis l'OQTF"),
            ],
        ),
        (
            ("Après le retour",),
            [
                (
                    "km",
                    "L'aide à la réinsertion est préparée avec la représentation de l'OFII dans votre pays ou un "
                    "partenaire, et accordée en nature.",
                ),
                ("q", "Quel projet avez-vous pour les premiers mois : logement, travail, formation ?"),
                ("cp", "Coordonnées à l'arrivée recueillies (téléphone, adresse d'un proche)"),
            ],
        ),
    ],
}

# OFII's adaptation of the adopted consideration guide: French only, and one
# point of its own in "The support".
OFII_ADDED_POINT = (
    3,
    "cp",
    "Présenté l'aide à la réinsertion de l'OFII (niveaux 1 à 3) et le rôle de la représentation dans le pays",
)

OFII_CHANGE_NOTE = "Adapté pour l'OFII : en français, avec l'aide à la réinsertion de l'OFII."
CONSIDERATION_V2_NOTE = "Earlier return assistance; the information sheet is gone through together."

NOTES = [
    # (agency, author, sharer or None, phase, language, tags, title, body)
    (
        "fedasil",
        "sofie",
        "marc",
        "orientation",
        "en",
        "trust, reception centre, outreach",
        "Meet people where they live, not at the return desk",
        "We hold the first conversation in the reception centre, in a room the social workers use, with the "
        "person's social worker introducing us. People come to a desk labelled 'return' only when they have "
        "already decided; in the centre they come to ask questions. Since we started, more first conversations "
        "lead to a second one, and people bring friends.",
    ),
    (
        "fedasil",
        "marc",
        "marc",
        "consideration",
        "fr",
        "interprète, confiance, continuité",
        "Le même interprète du premier entretien jusqu'au départ",
        "Quand c'est possible, nous réservons le même interprète pour tous les entretiens d'une personne. Elle n'a "
        "pas à raconter son histoire à un inconnu à chaque fois, et l'interprète repère quand quelque chose a "
        "changé. Noter le nom de l'interprète dans l'entretien permet de le rappeler.",
    ),
    (
        "ofii",
        "claire",
        "olivier",
        "orientation",
        "fr",
        "méfiance, travailleurs sociaux, CADA",
        "Informer avec les travailleurs sociaux des CADA",
        "Le retour volontaire est souvent perçu comme un dernier recours, et l'OFII suscite de la méfiance. Nous "
        "organisons désormais des séances d'information dans les CADA avec les travailleurs sociaux du centre, qui "
        "connaissent les personnes. L'agent de l'OFII répond aux questions pratiques ; la décision reste celle de la "
        "personne.",
    ),
    (
        "fedasil",
        "pieter",
        None,
        "pre_departure",
        "nl",
        "video, tolk",
        "Videogesprekken met een tolk op afstand",
        "Nog in uitwerking: welke afspraken maken we wanneer de tolk op afstand meedoet?",
    ),
]


def write_guide(spec: dict, *, agency, by) -> GuideVersion:
    """A guide from a spec, through the actions: its version 1, a draft."""
    langs = list(spec["languages"])
    title, summary = spec["languages"][langs[0]]
    guide = actions.create_guide(
        by=by, agency=agency, phase=spec["phase"], language=langs[0], title=title, summary=summary
    )
    version = guide.versions.get()
    for lang in langs[1:]:
        title, summary = spec["languages"][lang]
        actions.set_language(version, by=by, language=lang, title=title, summary=summary)
    for titles, items in spec["sections"]:
        section = actions.add_section(version, by=by, titles=dict(zip(langs, titles, strict=True)))
        for kind, *texts in items:
            actions.add_item(section, by=by, kind=KINDS[kind], texts=dict(zip(langs, texts, strict=True)))
    return version


def _sections(version):
    return list(version.sections.order_by("position", "pk"))


def _adapt_for_ofii(draft: GuideVersion, *, by) -> None:
    """OFII's adopted copy: keeps the French, adds its own point."""
    for lang in ("en", "nl"):
        actions.remove_language(draft, by=by, language=lang)
    index, kind, text = OFII_ADDED_POINT
    actions.add_item(_sections(draft)[index], by=by, kind=KINDS[kind], texts={"fr": text})


def _second_version(guide: Guide, *, by) -> GuideVersion:
    draft = actions.start_new_version(guide, by=by)
    langs = ["en", "fr", "nl"]
    index, kind, *texts = CONSIDERATION_V2_ADD
    actions.add_item(_sections(draft)[index], by=by, kind=KINDS[kind], texts=dict(zip(langs, texts, strict=True)))
    s_index, i_index, *texts = CONSIDERATION_V2_CHANGE
    item = list(_sections(draft)[s_index].items.order_by("position", "pk"))[i_index]
    actions.update_item(item, by=by, kind=item.kind, texts=dict(zip(langs, texts, strict=True)))
    return draft


class Clock:
    """Back-dates what load_guides does, as core.demo.history does for the
    cases: the actions stamp "now", but the demo's past lies before today.
    Every audit event written since the last step takes the step's moment;
    at the end, the guides, versions, notes and uses take the moments of
    their events (stamp_records)."""

    def __init__(self, horizon):
        self.horizon = horizon
        self.first = self.last = self._top()

    @staticmethod
    def _top() -> int:
        return AuditEvent.objects.aggregate(m=Max("pk"))["m"] or 0

    def days_ago(self, days: int, hour: int = 10) -> dt.datetime:
        return self.horizon - dt.timedelta(days=days) + dt.timedelta(hours=hour)

    def step(self, at: dt.datetime) -> None:
        top = self._top()
        events = AuditEvent.objects.filter(pk__gt=self.last, pk__lte=top).values_list("pk", flat=True)
        update_times(AuditEvent, dict.fromkeys(events, at))
        self.last = top

    def stamp_records(self) -> None:
        columns = {
            "guide.created": [(Guide, "created_at")],
            "guide.adopted": [(Guide, "created_at")],
            "guide.shared": [(Guide, "shared_at")],
            "guide.version_started": [(GuideVersion, "created_at")],
            "guide.published": [(GuideVersion, "published_at")],
            "practice_note.written": [(PracticeNote, "created_at"), (PracticeNote, "updated_at")],
            "practice_note.adopted": [(PracticeNote, "created_at"), (PracticeNote, "updated_at")],
            "practice_note.changed": [(PracticeNote, "updated_at")],
            "practice_note.shared": [(PracticeNote, "shared_at")],
            "guide_use.recorded": [(GuideUse, "recorded_at")],
            "interview.recorded": [(Interview, "recorded_at")],
        }
        times: dict[tuple, dict[int, dt.datetime]] = {}
        events = AuditEvent.objects.filter(pk__gt=self.first).order_by("pk")
        for object_id, action, at in events.values_list("object_id", "action", "at"):
            for column in columns.get(action, []):
                times.setdefault(column, {})[int(object_id)] = at
        # A guide's first version is as old as the guide.
        created = times.get((Guide, "created_at"), {})
        firsts = GuideVersion.objects.filter(number=1, guide__in=created).values_list("pk", "guide_id")
        times.setdefault((GuideVersion, "created_at"), {}).update({pk: created[g] for pk, g in firsts})
        for (model, field), rows in times.items():
            update_times(model, rows, (field,))


def _interviews_from(builder, clock, guide: Guide, office_code: str, count: int, *, skip_every: int) -> int:
    """Follow-up interviews run from `guide` yesterday on the first cases in
    counselling at the office; every `skip_every`-th point left unticked."""
    version = latest_published(guide)
    langs = list(version.languages.values_list("language", flat=True))
    points = list(version.items.filter(kind__in=POINT_KINDS).order_by("section__position", "position"))
    office = builder.offices[office_code]
    cases = ReturnCase.objects.filter(office=office, status=Status.COUNSELLING).order_by("number")[:count]
    for n, case in enumerate(cases):
        spoken = case.principal.languages.values_list("language", flat=True).first()
        language = spoken or office.default_language
        counsellor = case.counsellor or builder.users["sofie"]
        held = clock.days_ago(1, hour=9 + 2 * n + (1 if office_code == "MRS" and guide.origin_id is None else 0))
        actions_use.record_interview_with_guide(
            case,
            by=counsellor,
            version=version,
            guide_language=interview_language_choice(langs, language, office.default_language, office.default_language),
            covered=[p.pk for i, p in enumerate(points) if (i + n) % skip_every],
            held_at=held,
            mode="in_person",
            location=office.name,
            language=language,
            interpreter="",
            participants="",
            other_topics="",
            notes="Conversation guide followed; the person wants to talk it over with family before deciding.",
            intention="considering",
            next_appointment=None,
        )
        clock.step(held + dt.timedelta(minutes=50))
    return len(cases)


def _notes(builder, clock) -> None:
    written = []
    # When each note was written and shared (days ago).
    moments = [(100, 99), (90, 89), (60, 58), (7, None)]
    for (agency, author, sharer, phase, language, tags, title, body), (wrote, shared) in zip(
        NOTES, moments, strict=True
    ):
        note = actions_notes.write_note(
            by=builder.users[author],
            agency=builder.agencies[agency],
            title=title,
            body=body,
            tags=tags,
            language=language,
            phase=phase,
        )
        clock.step(clock.days_ago(wrote))
        if sharer:
            actions_notes.share_note(note, by=builder.users[sharer])
            clock.step(clock.days_ago(shared, hour=15))
        written.append(note)
    # OFII adopts Fedasil's note on meeting people in the reception centre;
    # Fedasil then adds what it learned since, so OFII sees the update.
    actions_notes.adopt_note(written[0], by=builder.users["olivier"])
    clock.step(clock.days_ago(70))
    actions_notes.update_note(
        written[0],
        by=builder.users["sofie"],
        body=written[0].body + " Ask the centre for a room without a 'return' sign on the door.",
    )
    clock.step(clock.days_ago(12))


def load_guides(builder) -> dict:
    """The demo's guides, notes and guided interviews (see the module's
    docstring), dated over the past five months."""
    users, agencies = builder.users, builder.agencies
    clock = Clock(builder.horizon)
    guides = {}
    for key, spec, agency, author, written in (
        ("consideration", FEDASIL_CONSIDERATION, "fedasil", "marc", 150),
        ("orientation", FEDASIL_ORIENTATION, "fedasil", "hilde", 140),
        ("decision", OFII_DECISION, "ofii", "isabelle", 120),
    ):
        draft = write_guide(spec, agency=agencies[agency], by=users[author])
        clock.step(clock.days_ago(written))
        actions.publish_version(draft, by=users[author])
        clock.step(clock.days_ago(written - 2))
        guides[key] = draft.guide
    for key, sharer in (("consideration", "hilde"), ("orientation", "hilde"), ("decision", "isabelle")):
        actions.share_guide(guides[key], by=users[sharer])
    clock.step(clock.days_ago(110))
    # OFII adopts Fedasil's consideration guide after the staff exchange,
    # adapts it and publishes it; Fedasil later publishes a second version.
    adopted = actions.adopt_guide(guides["consideration"], by=users["olivier"])
    clock.step(clock.days_ago(75))
    draft = adopted.versions.get()
    _adapt_for_ofii(draft, by=users["olivier"])
    clock.step(clock.days_ago(74))
    actions.publish_version(draft, by=users["olivier"], change_note=OFII_CHANGE_NOTE)
    clock.step(clock.days_ago(73))
    draft = _second_version(guides["consideration"], by=users["marc"])
    clock.step(clock.days_ago(21))
    actions.publish_version(draft, by=users["marc"], change_note=CONSIDERATION_V2_NOTE)
    clock.step(clock.days_ago(14))
    used = _interviews_from(builder, clock, guides["consideration"], "BXL", 3, skip_every=4)
    used += _interviews_from(builder, clock, adopted, "MRS", 2, skip_every=5)
    used += _interviews_from(builder, clock, guides["decision"], "MRS", 1, skip_every=3)
    _notes(builder, clock)
    clock.stamp_records()
    return {"guides": Guide.objects.count(), "interviews": used}
