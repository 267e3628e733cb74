"""What a document says about itself: the public body that issued it, the period it covers
and its kind, from its own text (title page first), never from defaults.

- body: the body named most ("Gemeente Almere", "Provincie Overijssel", "GGD Flevoland"),
  where a mention on the first page weighs more than one further on;
- period: the years of the title ("Coalitieakkoord 2018-2022" -> 2018-2022), stretched by a
  multi-year estimate the first pages name ("Begroting 2026 en meerjarenraming 2027-2029"
  -> 2026-2029); else the first dated year of the first page; else the file name;
- type: the kind of document the title, then the file name, then the first page names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Kinds of public bodies and how they are written before their name.
_KINDS = {
    "gemeente": "Gemeente", "provincie": "Provincie", "waterschap": "Waterschap",
    "hoogheemraadschap": "Hoogheemraadschap", "ggd": "GGD", "veiligheidsregio": "Veiligheidsregio",
    "omgevingsdienst": "Omgevingsdienst", "ministerie van": "Ministerie van",
}
_NAME_WORD = r"(?:'s[- ])?[A-ZÀ-Þ][\w’'\-]+"
_LINK = r"(?:aan|op|en|in|de|den|der|van|ter|te)"
_BODY = re.compile(
    rf"\b((?i:gemeente|provincie|waterschap|hoogheemraadschap|GGD|veiligheidsregio"
    rf"|omgevingsdienst|ministerie van))[ \t]+({_NAME_WORD}(?:[ \t]+(?:{_LINK}[ \t]+)?{_NAME_WORD}){{0,2}})"
)
_LINKS = set(_LINK.strip("(?:)").split("|"))
FIRST_PAGE_WEIGHT = 5
COVER_CHARS = 400  # how much of page 1 is read as its cover
_YEAR = r"(?:19|20)\d\d"
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:[-–—/]|t/m|tot en met|tot)\s*({_YEAR}|\d\d)(?!\d)")
_ONE = re.compile(rf"(?<![\d.,])({_YEAR})(?![\d.,]\d)")
_MULTI_YEAR = re.compile(rf"meerjaren\w*\s+({_YEAR})\s*[-–—]\s*({_YEAR})", re.I)
_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    rf"|november|december)\s+({_YEAR})\b", re.I)
# (word as written, type), first match wins; more specific words before general ones.
DOC_TYPES = tuple(w.split(":") if ":" in w else (w, w) for w in (
    "programmabegroting:begroting meerjarenbegroting:begroting jaarrekening jaarverslag "
    "jaarstukken:jaarrekening kadernota voorjaarsnota kaderbrief najaarsnota "
    "bestuursrapportage:rapportage coalitieakkoord bestuursakkoord collegeakkoord:coalitieakkoord "
    "raadsvoorstel statenvoorstel raadsbesluit statenbesluit raadsinformatiebrief "
    "raadsbrief:raadsinformatiebrief besluitenlijst verordening omgevingsvisie omgevingsprogramma "
    "omgevingsplan memo begroting beleidsnota:nota beleidsplan:nota monitor:rapportage "
    "rapportage fiche nota visie agenda programma"
).split())


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def find_body(texts: list[str]) -> str:
    """The body the document is from, as written with its kind ("Gemeente Den Helder");
    "" when no body is named."""
    score: Counter = Counter()
    names: dict[str, Counter] = {}
    for i, text in enumerate(texts):
        for m in _BODY.finditer(_fold(text)):
            kind = _KINDS[m.group(1).lower()]
            name = m.group(2).strip(" -’'")
            words = name.split()
            while words and words[-1].lower() in _LINKS:
                words.pop()  # "Gemeente Assen en" -> "Gemeente Assen"
            # every prefix counts: "GGD Flevoland Begroting" (a footer) is "GGD Flevoland"
            for n in range(1, len(words) + 1):
                if words[n - 1].lower() in _LINKS:
                    continue
                name = " ".join(words[:n])
                key = f"{kind} {name}".casefold()
                score[key] += FIRST_PAGE_WEIGHT if i == 0 else 1
                names.setdefault(key, Counter())[f"{kind} {name}"] += 1
    whole = _fold("\n".join(texts))
    if not score:
        return _unnamed_municipality(whole)
    for key, forms in names.items():  # the name alone counts too: "Rekenkamer Den Helder"
        name = forms.most_common(1)[0][0].split(" ", 1)[1]
        if not key.startswith("ministerie"):
            score[key] += len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", whole))
    # the most named; of equals the longest ("Gemeente Den Helder", not "Gemeente Den")
    best = max(score, key=lambda k: (score[k], len(k)))
    return names[best].most_common(1)[0][0]


_MID_NAME = re.compile(r"(?<=[a-zà-ÿ,] )([A-ZÀ-Þ][a-zà-ÿ]{2,}(?:[- ][A-ZÀ-Þ][a-zà-ÿ]+)?)\b")
MIN_NAME_MENTIONS = 5


def _unnamed_municipality(text: str) -> str:
    """A municipality's own note often says only "de gemeente" and names its place: the
    capitalised word named most inside sentences (never written in lower case)."""
    if len(re.findall(r"\b[Dd]e gemeente\b", text)) < 2:
        return ""
    counts = Counter(_MID_NAME.findall(text))
    lower = set(re.findall(r"\b[a-zà-ÿ]+\b", text))
    ranked = [(n, w) for w, n in counts.items() if w.lower() not in lower]
    if not ranked:
        return ""
    n, word = max(ranked)
    return f"Gemeente {word}" if n >= MIN_NAME_MENTIONS else ""


def municipality_key(body: str) -> str:
    """A stable filter key of a body: "Gemeente Den Helder" -> "den-helder",
    "Provincie Overijssel" -> "provincie-overijssel"; "" for no body."""
    if not body:
        return ""
    name = body[len("Gemeente "):] if body.lower().startswith("gemeente ") else body
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def _years_in(text: str) -> list[int]:
    found: list[int] = []
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), m.group(2)
        b = int(b) if len(b) == 4 else int(m.group(1)[:2] + b)
        if a <= b <= a + 30:
            found += [a, b]
    found += [int(y) for y in _ONE.findall(_RANGE.sub(" ", text))]
    return found


def find_period(title: str, first_pages: str, name: str = "") -> tuple[int | None, int | None]:
    """(year_from, year_to) the document covers."""
    years = _years_in(title)
    if not years:  # the cover's lines around the title ("Coalitieakkoord 2021 – 2025")
        cover = re.sub(r"\s+", " ", first_pages).strip()[:COVER_CHARS]
        years = [y for m in _RANGE.finditer(_DATE.sub(" ", cover)) for y in _years_in(m.group(0))]
    if not years:
        m = _DATE.search(first_pages[:3000])
        years = [int(m.group(1))] if m else []
    if not years:
        years = _years_in(re.sub(r"[_]", " ", name))
    if not years:
        return None, None
    lo, hi = min(years), max(years)
    m = _MULTI_YEAR.search(first_pages)
    if m and int(m.group(1)) in (hi, hi + 1) and int(m.group(2)) > hi:
        hi = int(m.group(2))  # "Begroting 2026 en meerjarenraming 2027-2029"
    return lo, hi


def find_type(*texts: str) -> str | None:
    """The kind of document named first in texts (title, file name, first page)."""
    for text in texts:
        low = text.lower()
        found = [(m.start(), -len(word), kind) for word, kind in DOC_TYPES
                 if (m := re.search(word, low))]
        if found:  # the kind named first ("Fiche 5: Herziening verordening" is a fiche)
            return min(found)[2]
    return None
