"""Names whose transliterations no spelling rule joins: each variant maps to
one spelling, which the rules of normalise.variant then reduce. Rules already
join most Arabic, West African and Horn of Africa variants; this table is
mostly for Ukrainian/Russian pairs (h/g, y/i, Mykola/Nikolai) and a few
abbreviations."""

_FAMILIES = {
    "muhammad": "md mohd mhd mehmet mehmed mohamet mahomed maxamed maxammed",
    "khadija": "kadiatou kadidiatou khadidja kadidja hadidja khadidia kadija",
    "ndiaye": "njie ndiay ndiai",
    "yohannes": "johannes yohanes youhannes",
    "yonas": "jonas younas",
    "yosef": "joseph josef iosif yossef",
    "yusuf": "youssouf yousouf jusuf",
    "sergei": "serhiy serhii sergiy sergii sergey serguei sergej",
    "nikolai": "mykola mikola nikolay nicolai nikolaj",
    "evgeni": "yevhen ievgen ievgenii evgeny evgeniy yevgeny yevgeniy evgenii jewgeni",
    "grigori": "hryhoriy hryhorii grigory grigoriy gregori",
    "georgi": "heorhiy heorhii georgiy georgy",
    "oleg": "oleh",
    "igor": "ihor",
    "olga": "olha",
    "galina": "halyna",
    "anna": "hanna ganna",
    "yuliya": "julia yulia iuliia yuliia julija",
    "yuri": "iurii yuriy yury jurij juri",
    "aleksei": "oleksiy oleksii alexey alexei aleksey oleksij",
    "elena": "olena yelena jelena helena",
    "mikhail": "mykhailo mykhaylo mikhaylo michail",
    "vladimir": "volodymyr wladimir volodimir",
    # Uthman: th and s both render the Arabic letter tha.
    "osman": "othman uthman otman outhmane othmane",
    "khalid": "chaled chalid khaled khaleed",
    "traore": "tarawally tarawale trawally",
    # Gambian spellings of Wolof names.
    "diop": "job jobe",
    "thiam": "cham",
    # Somali spelling: x for h, c for the Arabic ayn.
    "mahmoud": "maxamuud maxamud",
    "hassan": "xasan xassan",
    "hussein": "xuseen xusseen",
    "abdi": "cabdi",
    "abdullahi": "cabdullahi",
    "ali": "cali",
    "sadia": "sacdiyo",
    "fadumo": "faadumo",
    "farah": "faarax farax",
}

CANONICAL = {variant: name for name, variants in _FAMILIES.items() for variant in variants.split()}
