"""Query-side glossary: everyday Dutch words -> the words municipal documents use for them.

`expand` appends document wording to a question before BM25 sees it ("huizen" also
searches "woningen", "spaarpot" also "reserve", a split verb "houdt ... bij" "monitoring"). Passages are never expanded, so the index
does not change and every backend stays equal. General municipal vocabulary only: no
document names, numbers or places. Dense search gets the question unchanged.
"""

from __future__ import annotations

import re

from index.lexical import fold, tokenize

# Folded (lowercase, no diacritics) resident word -> document words. Keep it small: each
# entry is a paraphrase residents really use for a term of municipal policy and finance.
GLOSSARY: dict[str, tuple[str, ...]] = {
    # housing
    "huis": ("woning",),
    "huizen": ("woningen",),
    "woonhuis": ("woning",),
    "huur": ("huurwoningen",),
    # money and finance
    "geld": ("middelen", "budget"),
    "centen": ("middelen", "budget"),
    "spaarpot": ("reserve", "reserves"),
    "spaarpotje": ("reserve", "reserves"),
    "potje": ("reserve", "budget"),
    "buffer": ("reserve", "weerstandsvermogen"),
    "kost": ("tarief",),
    "betalen": ("tarief", "tarieven"),
    "belasting": ("heffing",),
    "duurder": ("stijging", "verhoging"),
    "goedkoper": ("verlaging",),
    "schulden": ("schuld", "leningen"),
    "tijdelijk": ("incidenteel",),
    "blijvend": ("structureel",),
    # people
    "mensen": ("inwoners",),
    "bewoners": ("inwoners",),
    "burgers": ("inwoners",),
    "ouderen": ("senioren",),
    "bejaarden": ("ouderen", "senioren"),
    "kinderen": ("jeugd", "jongeren"),
    # services and themes
    "afval": ("afvalstoffenheffing",),
    "vuilnis": ("afval", "afvalstoffenheffing"),
    "banen": ("werkgelegenheid",),
    "werk": ("werkgelegenheid",),
    "bijstand": ("participatiewet", "uitkering"),
    "school": ("onderwijs",),
    "scholen": ("onderwijs",),
    "stroom": ("elektriciteit", "netcongestie"),
    "bus": ("openbaar", "vervoer"),
    "stoep": ("trottoir",),
    "plannen": ("ambities",),
    "plan": ("ambitie",),
    "bijhouden": ("monitoring", "monitoren"),
    "zwembad": ("zwemgelegenheid", "zwemplek"),
    "schaatsbaan": ("ijsbaan",),
    "schaatsen": ("ijsbaan",),
    "voetbalveld": ("sportveld", "kunstgrasveld"),
    "oplaadpunten": ("laadpalen",),
    "oplaadpunt": ("laadpaal",),
    "lantaarnpalen": ("verlichting",),
    "straatlantaarns": ("verlichting",),
    "energierekening": ("energiekosten", "energiearmoede"),
    "huisbaas": ("verhuurder",),
    "vluchtelingen": ("statushouders", "asielzoekers"),
    "gemeentehuis": ("stadhuis",),
    "controleren": ("monitoring",),
}

# Separable verbs: a question splits them ("Hoe houdt de gemeente dat bij?", "Hoeveel huizen
# komen erbij?"), so neither part alone says what is asked. (particle, finite forms of the
# verb, document words): fires when the particle and one of the forms are both in the question.
PARTICLE_VERBS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("bij", ("houdt", "houden", "hou", "houd"), ("monitoring", "monitoren")),
    ("bij", ("komt", "komen", "kwam", "kwamen"), ("extra", "toegevoegd")),
    ("naartoe", ("gaat", "gaan", "ging", "gingen"), ("besteding", "inzet")),
    ("omhoog", ("gaat", "gaan", "ging", "gingen"), ("stijging", "verhoging")),
    ("omlaag", ("gaat", "gaan", "ging", "gingen"), ("daling", "verlaging")),
    ("op", ("loopt", "lopen", "liep", "liepen"), ("stijging",)),
    ("uit", ("geeft", "geven", "gaf", "gaven"), ("uitgaven", "besteding")),
    ("af", ("schaft", "schaffen", "schafte", "schaften"), ("afschaffing", "afschaffen")),
    ("in", ("voert", "voeren", "voerde", "voerden"), ("invoering", "invoeren")),
    ("aan", ("pakt", "pakken", "pakte", "pakten"), ("aanpak", "aanpakken")),
    ("aan", ("legt", "leggen", "legde", "legden"), ("aanleg", "aanleggen")),
    ("op", ("knapt", "knappen", "knapte", "knapten"), ("renovatie", "onderhoud")),
    ("door", ("gaat", "gaan", "ging", "gingen"), ("voortzetting", "doorgaan")),
    ("dicht", ("gaat", "gaan", "ging", "gingen"), ("sluiting", "sluiten")),
)

_WORD = re.compile(r"[^\W\d_]+")


def extra_words(query: str) -> list[str]:
    """The document words the glossary adds for a question, in order, without repeats."""
    words = _WORD.findall(fold(query))
    out: list[str] = []
    for word in words:
        out.extend(GLOSSARY.get(word, ()))
    # "komen erbij", "gaat erop": the particle hides in a pronominal adverb
    present = set(words) | {w[2:] for w in words if w.startswith("er") and len(w) > 3}
    for particle, forms, targets in PARTICLE_VERBS:
        if particle in present and present.intersection(forms):
            out.extend(targets)
    return list(dict.fromkeys(out))


def expand(query: str) -> str:
    """The question followed by its glossary words (the question itself when none apply);
    a word the question already holds (same BM25 token) is not added twice."""
    have = set(tokenize(query))
    extra = [w for w in extra_words(query) if not set(tokenize(w)) <= have]
    return f"{query} {' '.join(extra)}" if extra else query
