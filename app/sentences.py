"""Dutch text helpers for composing answers: sentence units with offsets, stemmed
content terms, numbers with their kind, and table rows read against their header.

Pure functions over strings and chunks; no retrieval, no scoring policy (answer.py
and claims.py decide what to do with these), no models.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# Function words and question words: they say nothing about what is asked.
STOPWORDS = frozenset(
    """
    de het een en of maar dat die dit deze der des den van voor naar met aan op in uit bij
    tot om over onder door als dan te er is zijn was waren wordt worden werd werden zal zullen
    zou zouden kan kunnen kon konden mag mogen moet moeten wil willen wilt heeft hebben had
    hadden hebt ben bent word wordt ook nog al niet geen wel zo ze zij hij wij we u jij je ik
    mij me mijn ons onze hun haar zijn hem wat wie waar wanneer waarom hoe hoeveel welke welk
    hoeveelste of hoelang waarvoor waarmee waarover waaraan eigenlijk nou echt precies toch
    even gewoon soms dus want omdat zoals volgens via per na sinds tegen zonder tussen binnen
    rond ongeveer circa ca alle elk elke ieder iedere veel weinig meer meest minder andere
    ander zelf zelfs hier daar daarin daarvan daarom hierover erover ervoor erin klopt
    klopten staat staan stond gaat gaan ging gaan komt komen kwam krijgt krijgen doet doen
    deed zeggen zegt noemt noemen iets niets iemand niemand men jullie hen eens keer nu
    dan toen wel graag ja nee hè hé eigenlijk zitten zit zat ligt liggen lag terecht
    houdt houden hou hield gemeente assen asser ergens allemaal heel erg best procent euro naartoe heen zich moest moesten kwam kwamen zou zouden
    """.split()
)

# Resident wording -> document wording, as plain words (stemmed on first use by synonyms()).
# Small and general on purpose: everyday words residents use for what the documents name.
SYNONYM_WORDS: dict[str, tuple[str, ...]] = {
    "huizen": ("woningen",),
    "huis": ("woning",),
    "geld": ("middelen", "budget", "bedrag", "euro", "€"),
    "kost": ("tarief", "bedrag", "kosten"),
    "kosten": ("tarief", "bedrag", "lasten"),
    "betalen": ("tarief", "heffing", "bedrag"),
    "ouderen": ("65", "senioren", "ouderen", "plussers", "75-plussers", "65-plussers"),
    "stroom": ("elektriciteit", "stroomnet", "netcongestie"),
    "stroomaansluiting": ("aansluiting", "netcongestie"),
    "spaarpot": ("reserve", "reserves"),
    "afval": ("afvalstoffenheffing", "restafval"),
    "duurder": ("verhoging", "verhoogd", "stijgen", "tarief"),
    "goedkoper": ("verlaging", "verlaagd", "dalen", "tarief"),
    "huisbaas": ("verhuurder",),
    "verhuurder": ("huisbaas",),
    "schaatsen": ("ijsbaan",),
    "ozb": ("onroerendezaakbelasting", "onroerende"),
    "mensen": ("inwoners",),
    "inwoners": ("inwoners",),
    "bijstand": ("uitkering", "participatiewet"),
    "banen": ("werkgelegenheid", "arbeidsplaatsen"),
    "alleen": ("eenpersoons", "eenpersoonshuishouden", "alleenstaand"),
    "zwembad": ("zwemgelegenheid", "zwemplek", "zwemwater"),
    "buitenzwembad": ("zwemgelegenheid", "zwemplek", "zwembad"),
    "vuilnis": ("afval", "restafval", "afvalinzameling"),
    "belasting": ("heffing", "heffingen", "tarieven"),
    "kinderen": ("jeugd", "jongeren", "kind"),
    "bejaarden": ("ouderen", "senioren"),
    "school": ("onderwijs", "schoolgebouwen"),
    "scholen": ("onderwijs", "schoolgebouwen"),
    "bus": ("openbaar vervoer", "ov"),
    "stoep": ("trottoir", "voetpad"),
    "subsidie": ("bijdrage", "subsidies"),
    "begint": ("start", "starten", "gestart"),
    "beginnen": ("start", "starten", "gestart"),
    "spaargeld": ("vermogen", "spaartegoed"),
    "lenen": ("lening", "leningen"),
    "beslissen": ("bepalen", "besluiten", "kiezen"),
    "uitgegeven": ("besteed", "uitgaven", "ingezet"),
    "uitgeven": ("besteden", "uitgaven", "inzetten"),
    "pipeline": ("gepland", "planning", "voorbereiding"),
    "heat": ("hitte",),
    "island": ("eiland",),
    "islands": ("eilanden",),
    "huur": ("huurprijs", "huren", "huurwoningen"),
    "werk": ("banen", "werkgelegenheid", "arbeidsmarkt"),
    "wijk": ("wijken", "buurt"),
    "lantaarnpalen": ("verlichting", "lampen", "lichtmasten"),
    "lantarenpalen": ("verlichting", "lampen", "lichtmasten"),
}


def expand(words_: list[str]) -> list[str]:
    """The words plus the document wording of any resident word among them (for a
    lexical query: 'OZB-tarieven' also searches 'onroerendezaakbelasting')."""
    out = list(words_)
    for w in words_:
        for part in [w, *w.split("-")]:
            out.extend(SYNONYM_WORDS.get(part.lower(), ()))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """SYNONYM_WORDS as stems, so they meet content_terms() output."""
    return {stem(k): tuple(stem(v) for v in vs) for k, vs in SYNONYM_WORDS.items()}



_WORD = re.compile(r"[A-Za-zÀ-ÿ€][A-Za-zÀ-ÿ0-9'’]*(?:-[A-Za-zÀ-ÿ0-9]+)*|\d[\d.,]*\d%?|\d%?")
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2})"
    r"(?!\d)(?:\s*(?P<unit>%|procent|miljoen|mln\.?|miljard|mld\.?))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
_WORD_NUMBERS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "dertig": 30, "veertig": 40,
    "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100,
}
_ABBREV = re.compile(
    r"\b(?:bijv|o\.a|ca|nr|mln|mld|e\.d|enz|art|m\.b\.t|t\.b\.v|i\.v\.m|o\.b\.v|incl|excl|cf|vs|mr|dr|ir|drs)\.$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(€•-])")
_BULLET = re.compile(r"^\s*(?:[•\-–*]|\d+[.)]|[a-z][.)])\s+")
_NUMERIC_TOKEN = re.compile(r"^[-+]?\(?\d[\d.,]*\)?%?$|^-$")


@lru_cache(maxsize=1)
def _stemmer():
    """PyStemmer's Dutch Porter stemmer: more conservative than Snowball's newer 'dutch'
    ('rekende'/'rekenen' -> 'rekend'/'reken', not 'reek'/'rekeen'), which suits matching."""
    import Stemmer

    return Stemmer.Stemmer("dutch_porter")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    w = _fold(word.lower().strip("'’"))
    if not w or w[0].isdigit() or w == "€":
        return w
    return _stemmer().stemWord(w)


def _fold(word: str) -> str:
    """'oekraïense' -> 'oekraiense', 'financiële' -> 'financiele': diaeresis and accents
    only mark pronunciation in Dutch, and writers drop them."""
    if word.isascii():
        return word
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Word and number tokens as written."""
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in STOPWORDS) | {"echt", "heb", "hebt", "ga"}


def content_terms(text: str) -> list[str]:
    """Stemmed content terms, order kept, duplicates removed; hyphenated words also split."""
    out: list[str] = []
    for w in words(text):
        lw = w.lower()
        if lw in STOPWORDS or (len(lw) < 2 and not lw.isdigit()):
            continue
        parts = [lw] + ([p for p in lw.split("-") if len(p) > 2] if "-" in lw else [])
        for p in parts:
            if p in STOPWORDS:
                continue
            s = stem(p)
            if s and s not in out and s not in _stop_stems():
                out.append(s)
    return out


def term_set(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))


# --- numbers ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    raw: str  # as written: "4,2%", "45.150", "33,2 miljoen"
    value: float
    kind: str  # "percent", "amount" (miljoen/miljard scaled), "year", "number"


def _to_float(num: str) -> float:
    if re.fullmatch(r"\d+\.\d{1,2}", num):  # "4.2" (category, section): a decimal, not thousands
        return float(num)
    return float(num.replace(".", "").replace(",", "."))


def quantities(text: str) -> list[Quantity]:
    """Numbers with their kind. '10 procent' == '10%'; '€ 1 miljoen' == 1,000,000; years apart."""
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        num, unit = m.group("num"), (m.group("unit") or "").lower().rstrip(".")
        value = _to_float(num)
        if unit in ("%", "procent"):
            out.append(Quantity(m.group(0), value, "percent"))
        elif unit in ("miljoen", "mln"):
            out.append(Quantity(m.group(0), value * 1e6, "amount"))
        elif unit in ("miljard", "mld"):
            out.append(Quantity(m.group(0), value * 1e9, "amount"))
        elif _YEAR.fullmatch(num):
            out.append(Quantity(num, value, "year"))
        else:
            out.append(Quantity(num, value, "number"))
    for w in words(text):
        lw = w.lower()
        if lw in _WORD_NUMBERS:
            rest = text[text.lower().find(lw) + len(lw):].lstrip()[:8].lower()
            kind = "percent" if rest.startswith(("procent", "%")) else "number"
            out.append(Quantity(w, float(_WORD_NUMBERS[lw]), kind))
    return out


def years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


def periods(text: str) -> list[tuple[int, int]]:
    """Year ranges a text names: 'Economische Agenda 2026-2030' -> [(2026, 2030)]."""
    return [(int(a), int(b)) for a, b in _PERIOD.findall(text) if int(a) < int(b)]


def other_period(text: str, asked: set[tuple[int, int]] | frozenset) -> bool:
    """The text names year ranges and none overlaps an asked one: another edition of the
    plan ('Economische Agenda 2020-2025' when 2026-2030 is asked; '2027-2030' is no other)."""
    named = periods(text)
    return bool(asked and named) and not any(a <= d and c <= b for a, b in asked for c, d in named)


_DAY_MONTH = re.compile(
    r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b"
    r"|\b\d{1,2}-\d{1,2}-\d{4}\b",
    re.I,
)


def has_number(text: str) -> bool:
    """A number that is not a year or a date ('6 november', '26-02-2026')."""
    return any(q.kind != "year" for q in quantities(_DAY_MONTH.sub(" ", text)))


def has_amount(text: str) -> bool:
    """A count or an amount: a number that is not a year, a date or a percentage."""
    return any(q.kind in ("number", "amount") for q in quantities(_DAY_MONTH.sub(" ", text)))


# --- sentence units --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, list item or table row of a chunk: chunk.text[start:end] == text."""

    text: str
    start: int
    end: int
    kind: str  # "sentence", "item", "row"
    index: int  # position in the chunk, for reading order


def is_table_row(line: str) -> bool:
    """'Algemene reserve 60.693 45.150 32.573': a label followed by numeric cells.
    A header ('Omschrijving Rekening 2024 Begroting 2025') has only years: not a row."""
    toks = line.split()
    if len(toks) < 3:
        return False
    numeric = [t for t in toks if _NUMERIC_TOKEN.match(t)]
    if numeric and all(_YEAR.fullmatch(t) for t in numeric):
        return False
    return len(numeric) >= 2 and bool(_NUMERIC_TOKEN.match(toks[-1])) and len(numeric) * 2 >= len(toks) - 2


def split_units(text: str) -> list[Unit]:
    """Split a chunk's text into sentences, list items and table rows, with exact offsets."""
    units: list[Unit] = []
    pos = 0
    for line in text.split("\n"):
        lstart = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        if is_table_row(line):
            s = lstart + len(line) - len(line.lstrip())
            units.append(Unit(line.strip(), s, s + len(line.strip()), "row", len(units)))
            continue
        kind = "item" if _BULLET.match(line) else "sentence"
        pieces = _split_sentences(line)
        for off, piece in pieces:
            stripped = piece.strip()
            if len(stripped) < 3:
                continue
            s = lstart + off + (len(piece) - len(piece.lstrip()))
            units.append(Unit(stripped, s, s + len(stripped), kind, len(units)))
    return units


def _split_sentences(line: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SPLIT.finditer(line):
        candidate = line[start : m.start()]
        if _ABBREV.search(candidate.rstrip()):
            continue
        out.append((start, candidate))
        start = m.end()
    out.append((start, line[start:]))
    return out


# --- tables ----------------------------------------------------------------------------

_UNIT = re.compile(
    r"[(\[]([^()\[\]]*(?:x|×)\s*€\s*[\d.]+[^()\[\]]*)[)\]]|[(\[](bedragen[^()\[\]]*)[)\]]"
    r"|(bedragen\s+(?:x|×|in)\s*€\s*[\d.]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TableRow:
    label: str
    columns: tuple[str, ...]  # header label per value, "" when unknown
    values: tuple[str, ...]
    unit: str
    caption: str


def header_lines(chunk_text: str, context: str, row_start: int) -> str:
    """Caption and header text for a row: the chunk's context plus header lines above the row."""
    above = chunk_text[:row_start].split("\n")
    head: list[str] = []
    for line in reversed(above):
        if not line.strip():
            continue
        if is_table_row(line):
            if head:
                break
            continue
        head.append(line.strip())
        if line.strip().lower().startswith("tabel") or len(head) >= 6:
            break
    head.reverse()
    return "\n".join(p for p in [context.strip(), *head] if p)


_COLUMN_KINDS = frozenset(
    "begroting rekening jaarrekening realisatie mjp meerjarenraming raming prognose primitieve".split()
)
_HEADER_YEAR = re.compile(r"(?<![\d.,-])((?:19|20)\d\d)(?![\d.,]\d)")


def column_labels(header: str) -> list[str]:
    """'Omschrijving Begroting 2025 Begroting 2026 MJP 2027' -> ['Begroting 2025', 'Begroting
    2026', 'MJP 2027']; 'heffing eenpersoons- huishouden 2025 meerpersoons- huishouden 2025'
    -> ['eenpersoons-huishouden 2025', 'meerpersoons-huishouden 2025']. Read from the lines
    after the caption; the words before each year name its column."""
    # prose above a table ('De tarieven worden in 2026 niet verhoogd.') is no header
    lines = [ln.strip() for ln in header.split("\n")
             if ln.strip() and not (ln.strip().endswith(".") or len(ln.split()) > 14)]
    start = max((i + 1 for i, ln in enumerate(lines) if ln.lower().startswith("tabel")), default=0)
    text = " ".join(lines[start:]) or " ".join(lines)
    text = re.sub(r"\((?:[^()]*€[^()]*)\)", " ", text)  # the unit is reported apart
    text = re.sub(r"(\w)- (?=[a-z])", r"\1-", text)
    labels: list[str] = []
    pos = 0
    for n, m in enumerate(_HEADER_YEAR.finditer(text)):
        words = text[pos : m.start()].split()
        if n == 0 and len(words) > 1:
            words = words[1:]  # the first word heads the row-label column ('Omschrijving')
        words = words[-2:]
        if words and words[-1].lower() in _COLUMN_KINDS:
            words = words[-1:]
        labels.append(" ".join([*words, m.group(1)]))
        pos = m.end()
    return labels


def parse_row(row: str, header: str) -> TableRow:
    """Read a table row against its header: which value belongs to which year column."""
    toks = row.split()
    i = len(toks)
    while i > 0 and _NUMERIC_TOKEN.match(toks[i - 1]):
        i -= 1
    label = " ".join(toks[:i]).strip() or row
    values = tuple(toks[i:])
    cols = column_labels(header)
    unit_m = _UNIT.search(header) or _UNIT.search(row)
    unit = ""
    if unit_m:
        unit = next(g for g in unit_m.groups() if g).strip()
    caption = ""
    for line in header.split("\n"):
        if line.lower().startswith("tabel"):
            caption = line.strip()
            break
    if len(cols) >= len(values):
        columns = tuple(cols[len(cols) - len(values):]) if cols else ("",) * len(values)
    else:  # more values than year columns: align the known columns to the right
        columns = ("",) * (len(values) - len(cols)) + tuple(cols)
    return TableRow(label, columns, values, unit, caption)


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 0.5))
