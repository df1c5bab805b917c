"""The demo's agencies, offices and staff. Every email is @example.org and
every phone number is made up (zeros where a subscriber number would be)."""

from dataclasses import dataclass

from organisations.models import AgencyKind, Role

DEMO_PASSWORD = "retour-demo"


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    country: str


@dataclass(frozen=True)
class OfficeSpec:
    agency: str
    code: str
    name: str
    city: str
    country: str
    timezone: str
    language: str
    phone: str


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    office: str
    role: str
    persona: str


AGENCIES = [
    AgencySpec("fedasil", "Fedasil", AgencyKind.RETURN_AGENCY, "BE"),
    AgencySpec("ofii", "OFII", AgencyKind.RETURN_AGENCY, "FR"),
    AgencySpec("iom", "IOM", AgencyKind.PARTNER, "CH"),
    AgencySpec("caritas", "Caritas International", AgencyKind.NGO, "BE"),
]

OFFICES = [
    # Fedasil's five return desks.
    OfficeSpec(
        "fedasil", "BXL", "Fedasil return desk Brussels", "Brussels", "BE", "Europe/Brussels", "nl", "+32 2 000 10 10"
    ),
    OfficeSpec(
        "fedasil", "GNT", "Fedasil return desk Ghent", "Ghent", "BE", "Europe/Brussels", "nl", "+32 9 000 20 20"
    ),
    OfficeSpec(
        "fedasil", "ANT", "Fedasil return desk Antwerp", "Antwerp", "BE", "Europe/Brussels", "nl", "+32 3 000 30 30"
    ),
    OfficeSpec(
        "fedasil", "LGE", "Fedasil return desk Liège", "Liège", "BE", "Europe/Brussels", "fr", "+32 4 000 40 40"
    ),
    OfficeSpec(
        "fedasil", "CRL", "Fedasil return desk Charleroi", "Charleroi", "BE", "Europe/Brussels", "fr", "+32 71 00 50 50"
    ),
    # OFII's territorial offices in France ...
    OfficeSpec("ofii", "MRS", "OFII Marseille", "Marseille", "FR", "Europe/Paris", "fr", "+33 4 00 00 10 10"),
    OfficeSpec("ofii", "BOB", "OFII Bobigny", "Bobigny", "FR", "Europe/Paris", "fr", "+33 1 00 00 20 20"),
    OfficeSpec("ofii", "LYS", "OFII Lyon", "Lyon", "FR", "Europe/Paris", "fr", "+33 4 00 00 30 30"),
    OfficeSpec("ofii", "LIL", "OFII Lille", "Lille", "FR", "Europe/Paris", "fr", "+33 3 00 00 40 40"),
    # ... and its own offices in countries of return.
    OfficeSpec("ofii", "OFCKY", "OFII Conakry", "Conakry", "GN", "Africa/Conakry", "fr", "+224 600 00 00 10"),
    OfficeSpec("ofii", "OFDKR", "OFII Dakar", "Dakar", "SN", "Africa/Dakar", "fr", "+221 33 000 00 10"),
    OfficeSpec("ofii", "OFYAO", "OFII Yaoundé", "Yaoundé", "CM", "Africa/Douala", "fr", "+237 600 00 00 10"),
    OfficeSpec("ofii", "OFTBS", "OFII Tbilisi", "Tbilisi", "GE", "Asia/Tbilisi", "ka", "+995 32 000 00 10"),
    # Reintegration partners in countries of return.
    OfficeSpec("iom", "IOMCKY", "IOM Conakry", "Conakry", "GN", "Africa/Conakry", "fr", "+224 600 00 00 20"),
    OfficeSpec("iom", "IOMDKR", "IOM Dakar", "Dakar", "SN", "Africa/Dakar", "fr", "+221 33 000 00 20"),
    OfficeSpec("iom", "IOMYAO", "IOM Yaoundé", "Yaoundé", "CM", "Africa/Douala", "fr", "+237 600 00 00 20"),
    OfficeSpec("iom", "IOMEBL", "IOM Erbil", "Erbil", "IQ", "Asia/Baghdad", "en", "+964 750 000 0020"),
    OfficeSpec("caritas", "CITBS", "Caritas Tbilisi", "Tbilisi", "GE", "Asia/Tbilisi", "ka", "+995 32 000 00 30"),
    OfficeSpec("caritas", "CIFIH", "Caritas Kinshasa", "Kinshasa", "CD", "Africa/Kinshasa", "fr", "+243 800 000 030"),
]

C, TL, TO, PC, AN, ADM = (
    Role.COUNSELLOR,
    Role.TEAM_LEADER,
    Role.TRAVEL_OFFICER,
    Role.PARTNER_CASEWORKER,
    Role.ANALYST,
    Role.AGENCY_ADMIN,
)

# One login per persona; the first twelve are the personas of the issue,
# the others staff the remaining offices so every case has real people on it.
STAFF = [
    StaffSpec("sofie", "Sofie", "Peeters", "BXL", C, "Fedasil counsellor, Brussels"),
    StaffSpec("marc", "Marc", "Dubois", "BXL", TL, "Fedasil team leader, Brussels"),
    StaffSpec("pieter", "Pieter", "De Smet", "GNT", C, "Fedasil counsellor, Ghent"),
    StaffSpec("ines", "Ines", "Janssens", "BXL", TO, "Fedasil travel officer, Brussels"),
    StaffSpec("hilde", "Hilde", "Claes", "BXL", ADM, "Fedasil agency administrator"),
    StaffSpec("ana", "Ana", "Martens", "BXL", AN, "Fedasil analyst"),
    StaffSpec("claire", "Claire", "Martin", "MRS", C, "OFII return official, Marseille"),
    StaffSpec("olivier", "Olivier", "Roux", "MRS", TL, "OFII team leader, Marseille"),
    StaffSpec("julien", "Julien", "Lefebvre", "LIL", C, "OFII return official, Lille"),
    StaffSpec("mariama", "Mariama", "Camara", "OFCKY", PC, "OFII caseworker, Conakry office"),
    StaffSpec("mamadou", "Mamadou", "Bangoura", "IOMCKY", PC, "IOM caseworker, Conakry"),
    StaffSpec("nino", "Nino", "Kapanadze", "CITBS", PC, "Caritas caseworker, Tbilisi"),
    StaffSpec("lotte", "Lotte", "Wouters", "ANT", C, "Fedasil counsellor, Antwerp"),
    StaffSpec("nadia", "Nadia", "Lambert", "LGE", C, "Fedasil counsellor, Liège"),
    StaffSpec("thomas", "Thomas", "Renard", "CRL", C, "Fedasil counsellor, Charleroi"),
    StaffSpec("karima", "Karima", "Benali", "BOB", C, "OFII return official, Bobigny"),
    StaffSpec("luc", "Luc", "Garnier", "LYS", C, "OFII return official, Lyon"),
    StaffSpec("isabelle", "Isabelle", "Moreau", "BOB", ADM, "OFII agency administrator"),
    StaffSpec("fatou", "Fatou", "Ndiaye", "IOMDKR", PC, "IOM caseworker, Dakar"),
    StaffSpec("grace", "Grâce", "Mbuyi", "CIFIH", PC, "Caritas caseworker, Kinshasa"),
    StaffSpec("esther", "Esther", "Nkoulou", "IOMYAO", PC, "IOM caseworker, Yaoundé"),
    StaffSpec("dilan", "Dilan", "Aziz", "IOMEBL", PC, "IOM caseworker, Erbil"),
    StaffSpec("aminata", "Aminata", "Diop", "OFDKR", PC, "OFII caseworker, Dakar office"),
    StaffSpec("serge", "Serge", "Ekani", "OFYAO", PC, "OFII caseworker, Yaoundé office"),
    StaffSpec("giorgi", "Giorgi", "Beridze", "OFTBS", PC, "OFII caseworker, Tbilisi office"),
]

DEMO_USERNAMES = [s.username for s in STAFF]

# Where the demo's cases are opened, with relative weights.
CASE_OFFICES = {"BXL": 30, "GNT": 12, "ANT": 12, "LGE": 10, "CRL": 8, "MRS": 14, "BOB": 10, "LYS": 8, "LIL": 8}

# Who works each sending office's cases: the office's counsellor; approvals
# (team leader moves) by the office's team leader, else the agency admin; the
# travel steps by the office's travel officer, else the approver.
COUNSELLOR = {
    "BXL": "sofie",
    "GNT": "pieter",
    "ANT": "lotte",
    "LGE": "nadia",
    "CRL": "thomas",
    "MRS": "claire",
    "BOB": "karima",
    "LYS": "luc",
    "LIL": "julien",
}
APPROVER = {"BXL": "marc", "MRS": "olivier", "fedasil": "hilde", "ofii": "isabelle"}
TRAVEL = {"BXL": "ines"}

# The reintegration partner of each sending agency per country of return:
# Belgium relies on IOM and Caritas, France on OFII's own offices abroad.
PARTNERS = {
    "fedasil": {"GN": "IOMCKY", "SN": "IOMDKR", "CM": "IOMYAO", "IQ": "IOMEBL", "GE": "CITBS", "CD": "CIFIH"},
    "ofii": {"GN": "OFCKY", "SN": "OFDKR", "CM": "OFYAO", "GE": "OFTBS", "IQ": "IOMEBL"},
}
# The partner caseworker who acts on referred cases, per partner office.
PARTNER_STAFF = {
    "IOMCKY": "mamadou",
    "IOMDKR": "fatou",
    "IOMYAO": "esther",
    "IOMEBL": "dilan",
    "CITBS": "nino",
    "CIFIH": "grace",
    "OFCKY": "mariama",
    "OFDKR": "aminata",
    "OFYAO": "serge",
    "OFTBS": "giorgi",
}
