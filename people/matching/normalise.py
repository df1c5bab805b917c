"""Names as matching sees them: ASCII tokens, and a variant code per token
that is the same for the usual transliterations of one name.

anyascii turns any script (Arabic, Cyrillic, Georgian, Ethiopic) into Latin
letters; then tokens lose accents, apostrophes and particles, and fused
prefixes are split (Abdelrahman -> abdel rahman), so "Abdel-Rahman",
"Abdel Rahman" and "Abdelrahman" give the same tokens.

The variant code is a consonant skeleton after spelling rules that undo the
usual French, English, German and Slavic transliteration habits (dj/j, ou/u,
kh/h, ch/sh, y/i, w/v, Diallo/Jallow), and a small table (variants.py) for
the pairs no rule can join (Serhiy/Sergei, Mykola/Nikolai). Jellyfish's
metaphone keeps the first vowel and the initial "di", so it separates
Oleksandr/Aleksandr and Diallo/Jallow; measured in
tests/people/test_normalise.py.
"""

import re
from functools import lru_cache

from anyascii import anyascii

from people.matching.variants import CANONICAL

# Words that are part of a name as written but not of its identity.
PARTICLES = frozenset(
    {"al", "el", "ul", "ad", "ed", "ibn", "bin", "ben", "bint", "de", "da", "du", "van", "der", "den", "von"}
)
# Fused prefixes split off when at least four letters follow.
_FUSED = re.compile(r"^(abd[aeiou]?[lr]|abdoul|abou|abu|gebre|ghebre|haile|wolde|welde)([a-z]{4,})$")
_NOT_LETTER = re.compile(r"[^a-z]+")
_APOSTROPHE = re.compile(r"['’ʼʻ`´]")

# Spelling rules, in order: each undoes one transliteration habit.
_RULES = [
    (re.compile(r"^dj|^di(?=[aeou])"), "j"),  # Djallo, Diallo -> Jallo
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"x"), "ks"),  # Alexandre/Aleksandr, before "x" stands for "sh" below
    (re.compile(r"tsch|tch|sch|ch|sh"), "x"),  # one "sh" sound: Chevtchenko/Shevchenko, -chvili/-shvili
    (re.compile(r"ou(?=[aeiy])"), "w"),  # Oualid/Walid, Ouedraogo/Wedraogo
    (re.compile(r"(?:(?<=ll|rr)|(?<=^[a-z]))ow$"), "o"),  # Jallow/Jallo, Sow/Sou; Below stays Belov
    (re.compile(r"ff$"), "v"),  # Ivanoff/Ivanov
    (re.compile(r"^gu(?=[eiy])"), "g"),  # Guiorgui/Giorgi
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"dz|ds(?=e?$)"), "z"),  # Beridze/Beridse
    (re.compile(r"z"), "s"),  # Kozlov/Koslow, Nazari/Nasari: German and French habits
    (re.compile(r"(?<=[aeiouy])h$"), ""),  # Jalloh, Bah
    (re.compile(r"(?<=^[aeiou])h(?=[^aeiouy])"), ""),  # Ahmadou/Amadou
    (re.compile(r"d$"), "t"),  # Mahad/Mahat, Ahmed/Ahmet, Mahmud/Mahmut
]
_VOWELS = re.compile(r"[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")


_ARTICLE = re.compile(r"^(al|el)(?=[a-z]{4,}$)|^(ben|bin|ould)(?=[a-z]{3,}$)")


def without_article(token: str) -> str:
    """The name without an article or "son of" written fused to it:
    alamine -> amine, benali -> ali ("Al-Amine" has it as a separate word,
    which tokens() drops)."""
    return _ARTICLE.sub("", token)


def tokens(text: str) -> list[str]:
    """ASCII lowercase tokens of a name in any script, particles dropped
    (unless the name is nothing but particles) and fused prefixes split."""
    ascii_text = _APOSTROPHE.sub("", anyascii(text or "")).lower()
    words = [w for w in _NOT_LETTER.split(ascii_text) if w]
    kept = [w for w in words if w not in PARTICLES] or words
    out: list[str] = []
    for word in kept:
        fused = _FUSED.match(word)
        out.extend(fused.groups() if fused else (word,))
    return out


@lru_cache(maxsize=200_000)
def variant(token: str) -> str:
    """The code shared by the transliterations of one name: Mohamed,
    Mohammed, Muhammad, Mouhamed -> "mhmd"; short names keep their vowels as
    "a" (Ali, Aly -> "ala") so that they do not all collide."""
    word = CANONICAL.get(token, token)
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    skeleton = _REPEAT.sub(r"\1", _VOWELS.sub("", word))
    if len(skeleton) >= 2:
        return skeleton
    return _REPEAT.sub(r"\1", _VOWELS.sub("a", word))
