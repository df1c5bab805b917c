"""What staff write: interview notes, case notes and the reasons given for
exits, as a social worker, a travel officer or a partner would word them.
Placeholders are filled from the case: {title} is "Mr Diallo" or "Ms Beridze"
({title_nl} "dhr. Diallo", {title_fr} "M. Diallo"),
{he}/{his}/{him} follow the person, {region} is the place of return."""

# --- interviews, by phase ---------------------------------------------------

ORIENTATION = [
    (
        "First meeting at the return desk{interp}. {Title} came after hearing about the programme from {source}. "
        "Explained that return is voluntary, that {he} can stop at any moment before departure and that the "
        "authorities in {country} are not informed. {He} has not decided anything and wants to talk to {his} "
        "family in {region} first."
    ),
    (
        "Orientation interview{interp}. {Title} is waiting for news on {his} procedure and asked what would happen "
        "to {his} reception place if {he} applied. Explained the difference between the premium paid at departure "
        "and the reintegration support in kind. Gave the leaflet in {language}."
    ),
    (
        "{Title} was sent by the social worker of {his} centre{interp}. Tired after {stay} in {host}, worried "
        "about the debts taken on for the journey. Listened more than spoke. We agreed to meet again in two weeks; "
        "{he} has my direct number."
    ),
    (
        "First contact{interp}. {Title} came with {household}. Main question: can the children finish the school "
        "year here? Explained the timing and that families get extra support. No decision; second appointment "
        "agreed."
    ),
]

ORIENTATION_SUMMONS = [
    (
        "Summoned after the removal order{interp}. {Title} came on time, quite tense at the start. Explained the aid "
        "to voluntary return, the amounts, and that it can only be granted once. {He} says {he} would rather stay "
        "but accepted a second appointment to look at what is possible in {region}."
    ),
]

CONSIDERATION = [
    (
        "Second interview{interp}. Talked about {region}: {his} mother and two brothers still live there. Main fear: "
        "finding work. Explained what the reintegration partner can do (training, small business, housing). "
        "{He} is thinking about {goods}."
    ),
    (
        "Went through {his} fears about return{interp}: shame towards the family, who paid for the journey, and "
        "no income at first. Talked about how others in the same situation managed. {He} wants to call {his} "
        "uncle in {region} before deciding."
    ),
    (
        "Follow-up{interp}. {Title} has spoken with {his} family; they would welcome {him} back. Asked precise "
        "questions about the reintegration budget and whether it can be used for {goods}. Explained that "
        "purchases are made in kind with the partner, never paid in cash."
    ),
]

HEALTH = (
    "Discussed {his} health{interp}: {health} Checked with the medical service that treatment is available in "
    "{region}. {Title} feels reassured but asked for three months of medication to take along."
)

DECISION = [
    (
        "{Title} confirmed {his} decision to return to {region}{interp}. Read the application and the consent "
        "forms together; signed. Next: travel document. {Doc_status}"
    ),
    (
        "Decision interview{interp}. {He} is sure now and wants to be with {his} family in {region} before the "
        "end of the year. Application and consents signed. Explained the eligibility check and that it usually "
        "takes one to two weeks."
    ),
]

DOC_STATUS = {
    "passport": "{He} has a valid passport.",
    "expired": "{His} passport has expired; a laissez-passer will be requested at the embassy.",
    "none": "No identity document at all; the embassy will need a birth certificate or a witness.",
}

HEALTH_DETAILS = {
    "medical": [
        "type 2 diabetes, on insulin.",
        "high blood pressure, on daily medication.",
        "hepatitis B, followed at the hospital every three months.",
        "asthma; inhalers needed.",
        "recent knee surgery; walks with crutches.",
    ],
    "mental_health": [
        "trouble sleeping and flashbacks since the journey; followed by a psychologist.",
        "depression; on antidepressants since last winter.",
    ],
    "pregnancy": ["she is five months pregnant; the last check-up went well."],
    "disability": ["visual impairment; needs someone to accompany {him} when travelling."],
    "elderly": ["arthritis and poor eyesight; slow on stairs."],
}

VULNERABILITY_DETAILS = {
    "medical": "{detail}",
    "mental_health": "{detail}",
    "pregnancy": "Expected due date in about four months.",
    "elderly": "Needs assistance at the airport (wheelchair requested).",
    "disability": "{detail}",
    "single_parent": "Sole carer of {children}.",
    "minor": "",
    "unaccompanied_minor": "Guardian appointed; the guardian attends every interview.",
    "trafficking": "Identified by a specialised centre; risk assessment in the region of return needed.",
    "gender_based_violence": "Disclosed during counselling; do not share the address with family members.",
}

# --- notes on the case -------------------------------------------------------

COUNSELLOR_NOTES = [
    "Phoned {title} to confirm the next appointment; {he} will bring the documents {he} has.",
    "Informed the reception centre that {title} is in the return procedure (open return place requested).",
    "{Title} called: family in {region} found a room to rent near the market.",
    "Sent the medical file to the medical service for the fit-to-travel check.",
    "Known to another office in the past: no earlier return aid found.",
]
COUNSELLOR_NOTES_NL = [
    "{title_nl} telefonisch gecontacteerd om de afspraak te bevestigen.",
    "Opvangcentrum verwittigd dat {title_nl} in de terugkeerprocedure zit.",
]
COUNSELLOR_NOTES_FR = [
    "Appel à {title_fr} pour confirmer le prochain rendez-vous ; apportera les documents disponibles.",
    "Le centre d'hébergement est informé que {title_fr} est dans la procédure de retour.",
]
APPROVER_NOTES = [
    "Eligibility checked: criteria met, no earlier aid received. Approved.",
    "Approved. Priority: medical follow-up must not be interrupted.",
    "Approved after checking the asylum file; the removal order does not prevent a voluntary return.",
]
# Why a team leader sends a proposed package back to the counsellor. The facts
# behind the package are not in question (it is proposed again unchanged once
# checked): what is missing is in the file.
RETURN_REASONS = [
    "Please add the copy of the removal order to the file before I approve.",
    "The arrival date on the case differs from the one in the asylum file: check it with the person and propose again.",
    "Confirm with the person that the whole household travels; the household on the case must be final before "
    "approval.",
    "The counselling consent form is not signed on every page: have it completed first.",
]
TRAVEL_NOTES = [
    "Laissez-passer requested at the embassy of {country}. They asked for a copy of the birth certificate; sent "
    "by email today.",
    "Embassy appointment for the laissez-passer interview next Tuesday; {title} informed by phone.",
    "Passport checked: valid. Flight options requested from the travel agency.",
]
PRE_DEPARTURE_NOTES = [
    (
        "Pre-departure meeting{interp}. Went through the departure day: show-up three hours before the flight, "
        "the premium is paid at the airport, 30 kg of luggage. {Title} asked for someone to meet {him} at arrival; "
        "passed on to the partner."
    ),
    (
        "Last meeting before departure{interp}. Checked the documents and the medication. {Title} is nervous but "
        "determined; {he} will be met at the airport by the partner in {country}."
    ),
]
DEPARTURE_NOTES = [
    "Departure confirmed: {title} checked in on time; premium paid at the airport.",
    "Flight via {hub}; airport assistance at transit and arrival. Departure went smoothly.",
]
PARTNER_NOTES = [
    "Arrival in {region} confirmed by phone; {title} is staying with family. First reintegration session planned "
    "next week.",
    "Reintegration plan agreed: {goods}. Purchases in kind with the supplier planned this month.",
    "Met {title} at the airport and accompanied {him} to the bus station for {region}.",
]
MONITORING_NOTES = [
    "3-month monitoring visit: activity started, income still irregular; {title} is hopeful.",
    "6-month visit: business running, {he} employs a cousin. Sustainability survey completed.",
    "Monitoring by phone: {title} is well; children back at school.",
]
AGENCY_NOTES = [
    "For colleagues of other offices: {title} was first seen at another desk last year and may turn up there.",
    "Shared good practice: the family prepared the return with a video call to the partner; worked well.",
]

# --- reasons for exits and moves ---------------------------------------------

EXIT_REASONS = {
    "withdrawn": [
        "The person changed their mind: their appeal is still pending and they want to wait for the decision.",
        "Changed their mind after talking to the family: the situation in the region of return feels too uncertain.",
        "Found work and wants to try to regularise through employment.",
    ],
    "no_show": [
        "Did not show up at the airport on the day of departure; phone switched off.",
        "Did not come to the departure point; the reception centre has not seen the person since the day before.",
    ],
    "absconded": [
        "Left the reception centre without notice; not reachable for three weeks.",
        "Address no longer valid; letters returned and phone number out of service.",
    ],
    "cancelled": [
        "Not eligible: return aid already received in an earlier year.",
        "Duplicate case: the person already has an open case at another office.",
        "The person left on their own ticket before the departure could be organised.",
    ],
    "forced_return": {
        "fedasil": [
            "Arrested and placed in a closed centre; the Immigration Office organises the removal.",
        ],
        "ofii": [
            "Placed in administrative detention (CRA); removal organised by the prefecture.",
        ],
    },
    "other_exit": {
        "before": [
            "Obtained a residence permit (regularisation on medical grounds).",
            "Moved to another EU country according to the family.",
        ],
        "after": [
            "The partner lost contact after the 6-month visit.",
            "The person withdrew consent to sharing with the partner; support stopped.",
        ],
    },
    "closed": {
        "departed": [
            "Departure confirmed; no reintegration support requested.",
            "Departure confirmed; the person declined reintegration support.",
        ],
        "monitoring": [
            "12-month monitoring completed; activity running.",
            "Monitoring completed; reintegration plan fully used.",
        ],
    },
    "reopen": ["The person came back to the desk and wants to restart the procedure."],
}

# --- the journey -------------------------------------------------------------------

# Why a consulate refused a laissez-passer, why a pending request was
# withdrawn when the case ended, why a booking was cancelled before the day,
# and why a departure was postponed on the day.
LP_REFUSALS = [
    "The embassy could not confirm the nationality from the documents sent; it asks for a birth certificate.",
    "Refused: the consular interview found the identity details inconsistent with the civil register.",
]
LP_WITHDRAWALS = "Withdrawn: the case ended before the laissez-passer was issued."
BOOKING_CANCELLATIONS = [
    "The airline cancelled the flight; rebooked on the next available one.",
    "The person asked for a later date to say goodbye to the family.",
    "The medical certificate for flying was not ready in time.",
    "Seat for the medical escort not available on that flight.",
]
POSTPONEMENTS = [
    "Ill on the day of departure (doctor's certificate); new flight to be booked.",
    "The connecting flight was cancelled by the airline; the person was sent back from the airport.",
    "Strike of the airport ground staff: every flight of the day was cancelled.",
]

HUBS = ["Paris-CDG", "Istanbul", "Casablanca", "Addis Ababa", "Frankfurt", "Lisbon", "Doha"]

LOCATIONS = {
    "BXL": ["Return desk Brussels, room 2", "Reception centre Petit-Château", "Red Cross centre Jette"],
    "GNT": ["Return desk Ghent", "Reception centre Sint-Denijs-Westrem"],
    "ANT": ["Return desk Antwerp", "Red Cross centre Deurne"],
    "LGE": ["Return desk Liège", "Centre Croix-Rouge Fraipont"],
    "CRL": ["Return desk Charleroi", "Centre Fedasil Jumet"],
    "MRS": ["OFII Marseille, office 4", "CADA Marseille Nord"],
    "BOB": ["OFII Bobigny, office 12", "CADA Montreuil"],
    "LYS": ["OFII Lyon, office 3", "Hébergement d'urgence Villeurbanne"],
    "LIL": ["OFII Lille, office 7", "Centre d'accueil Calais"],
}

# --- reintegration: referrals, messages, plans, visits, stories ----------------

REFERRAL_MESSAGES = [
    "{Title} left today for {region}. {He} would like support for {goods}; please contact {him} in the first week.",
    "Departed as planned. Main wish: {goods}. Family in {region} will host {him} at first.",
    "Please see the counselling notes: {title} hopes to start {goods} near {region}.",
]
REFERRAL_DECLINES = [
    "{Title} settled outside the region we cover; please refer the case to the office nearer {region}.",
    "We cannot take new cases for {region} this quarter; our caseload is full.",
]
COMPLETION_NOTES = [
    "Plan carried out and monitoring finished; {title} runs {goods} on {his} own. Referral completed.",
    "All purchases made and the last visit done. {Title} no longer needs our support.",
    "Support ended as agreed in the plan; final survey recorded.",
]
# (from the sending office, the partner's answer)
MESSAGES = [
    (
        "Could you let us know when you have met {title}? {He} asked us to pass on that {his} phone may be off for "
        "a few days.",
        "We met {title} on arrival in {region}; all well. First session booked.",
    ),
    (
        "{Title} mentioned {he} has a medical appointment to keep after arrival. Can the plan take it into account?",
        "Noted. We will add a medical line to the plan and go with {him} to the clinic.",
    ),
    (
        "The family will meet {title} at the airport. Could someone from your office meet them there too?",
        "Yes, we will be at arrivals and take {him} to our office for the first session.",
    ),
]
PLAN_SUMMARIES = [
    "Start {goods} in {region}, with the first stock and equipment bought in kind.",
    "Income from {goods}; short training first, then equipment bought in kind.",
    "Settle in {region} and start {goods}; rent for the first months while the activity grows.",
]
# area -> (objective, budget line, supplier)
PLAN_ITEMS = {
    "micro_business": (
        "Start {goods} and earn a regular income within six months.",
        "Equipment and first stock for {goods}",
        "Local supplier in {region}",
    ),
    "housing": (
        "Stable housing for the household in {region}.",
        "Rent for the first three months",
        "Landlord (contract on file)",
    ),
    "employment": (
        "Vocational training to run the activity.",
        "Short course in bookkeeping and sales",
        "Training centre in {region}",
    ),
    "medical": (
        "Continue the treatment started before the return.",
        "Medical consultations and medicines",
        "Clinic in {region}",
    ),
    "education": (
        "The children back at school this year.",
        "School fees and supplies",
        "School in {region}",
    ),
}
PLAN_RETURN_REASONS = [
    "Please get a second quote for the equipment: the amount looks high for {region}.",
    "The rent line needs the landlord's contract before we can approve it.",
    "Please split the equipment line between the tools and the first stock.",
]
PURCHASES = [
    "{line}: first delivery",
    "{line}: balance paid",
    "{line}",
]
VISIT_FINDINGS = [
    "Met {title} at home. The activity has started; income is still irregular but {he} is hopeful.",
    "{Title} runs {goods} most days; {he} is repaying a small debt to the family. Feels safe in {region}.",
    "Phone call: {title} is well, the household has settled; {he} asks about the remaining purchases.",
    "Visit at the workplace: the equipment is in use and stock is kept. {He} employs a relative part time.",
    "{Title} reports poor sales this season and some tension at home; we discussed a change of supplier.",
    "Good progress: {title} now earns enough for rent and food. The children go to school.",
]
STORY_TITLES = [
    "Back in {region}, and back to work",
    "A fresh start with {goods}",
]
STORY_BODIES = [
    'A year after coming back to {region}, a returning father now runs {goods}. "The first months were hard," '
    'he says, "but the equipment let me start at once." He now pays the rent himself and hopes to take on a '
    "helper next season.",
    "She came back with little but a plan: {goods}. With the first stock bought with the partner's help, the "
    "activity grew slowly. Today the household lives from it, and the children are back at school in {region}.",
]
