"""Heading detection for municipal documents: numbered, keyword, all-caps and short title lines.

Looks at one line (plus a little context given by the caller) and says whether it is a
heading and at which level. It does not read files or decide page numbers.
"""

from __future__ import annotations

import re

# A number as it appears in budget tables: 1.013, -6.997, 8,5%, (120), € 48,2, -.
NUMBER_TOKEN = re.compile(r"^[-–+]?\(?(€)?[-–]?\d{1,3}(?:\.\d{3})*(?:,\d+)?%?\)?$|^[-–]$")
_LOWER_START = re.compile(r"^[a-zà-ÿ]")

_KEYWORD = re.compile(
    r"^(Programma|Paragraaf|Bijlage|Hoofdstuk|Deel|Artikel)\s+(\d{1,3}[a-z]?|[IVX]{1,4})(\.)?(?:\s+(\S.*))?$"
)
# A BBV budget part name printed before its chapter: "Hoofdlijnen   4. Financiële vooruitzichten",
# "Financiële begroting   2. Financieel beleid" (the standard parts of a Dutch municipal budget).
_HOOFDLIJNEN = re.compile(
    r"^(?:Hoofdlijnen|Beleidsbegroting|Financiële begroting|Programmaplan|Paragrafen|Bijlagen)"
    r"\s+(\d{1,2})\.\s+(\S.*)$"
)
_N = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_N_NODOT = re.compile(r"^(\d{1,2})\s+([A-ZÀ-Þ]\S*(?:\s.*)?)$")
_NM = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_NMx = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.|\s)\s*([a-z])[.)]?\s+(\S.*)$")
_NMK = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_NMKL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_CAPS = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ&,'’\- ]{2,50}$")
# A signature under a decision: "Voorzitter: M.L.J Out", "Griffier: J. de Jonge", or the
# name alone with initials ("M.L.J Out", "J. de Jonge"; a lone "A. Inleiding" is no name).
_PARTICLE = r"(?:van|de|der|den|ten|ter|te|het|in|'t)"
_NAME = (
    rf"(?:(?:[A-Z]\.){{1,4}}[A-Z]\.?|[A-Z]\.(?=\s+{_PARTICLE}\s))"
    rf"\s+(?:{_PARTICLE}\s+)*[A-ZÀ-Þ][\w'’]+(?:-[A-ZÀ-Þ][\w'’]+)?"
)
_ROLE = r"(?i:(?:de\s+)?(?:plv\.?\s+)?(?:voorzitter|griffier|gemeentesecretaris|secretaris|burgemeester|wethouder))"
_SIGNATURE = re.compile(rf"^(?:{_ROLE}\s*[:,]\s*(?:\S+\s+){{0,3}}\S+|(?:{_ROLE}\s+)?{_NAME})$")

MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 12
MAX_TAIL_WORDS = 4  # the second line of a wrapped numbered heading
MAX_WRAPPED_HEADING_CHARS = 120
MAX_TITLE_WORDS = 7
MAX_TITLE_CHARS = 60


def numeric_tail(line: str) -> int:
    """How many tokens at the end of the line are numbers (table cells)."""
    n = 0
    for tok in reversed(line.split()):
        if NUMBER_TOKEN.match(tok) or tok == "€":
            n += 1
        else:
            break
    return n


def is_numbers_only(line: str) -> bool:
    toks = line.split()
    return bool(toks) and all(NUMBER_TOKEN.match(t) or t == "€" for t in toks)


def _title_ok(rest: str) -> bool:
    """The words after a heading number: a capitalised name, not a sentence or a table row."""
    rest = rest.strip()
    if not rest or len(rest) > MAX_HEADING_CHARS or len(rest.split()) > MAX_HEADING_WORDS:
        return False
    if _LOWER_START.match(rest) or rest[0].isdigit():
        return False
    if rest.endswith((".", ",", ";", ":")) and not rest.endswith("..."):
        return False
    # A row like "1. Stand Kaderbrief 2026 1.013 0 -6.997" ends in cells; a heading may end
    # in one year ("Financiën 2026") but not in two or more numbers.
    return numeric_tail(rest) < 2 and not (numeric_tail(rest) == 1 and not _yearish(rest))


def _yearish(rest: str) -> bool:
    last = rest.split()[-1]
    return bool(re.fullmatch(r"(19|20)\d\d", last))


def numbered_level(line: str) -> int | None:
    """Level of a numbered or keyword heading ("4. Financiën" -> 1, "1.1.b ..." -> 3), else None."""
    s = " ".join(line.split())
    if not s or len(s) > MAX_HEADING_CHARS + 12:
        return None
    m = _KEYWORD.match(s)
    if m:
        rest = m.group(4)
        if rest is None:
            return 1
        if numeric_tail(rest) >= 1 and not m.group(3):
            return None  # "Programma 1 Wonen in Assen 250" is a table row
        return 1 if _title_ok(rest) else None
    m = _HOOFDLIJNEN.match(s)
    if m:
        return 1 if _title_ok(m.group(2)) else None
    pats = ((_NMKL, 4, 5), (_NMK, 3, 4), (_NMx, 3, 4), (_NM, 2, 3), (_N, 1, 2), (_N_NODOT, 1, 2))
    for pattern, level, group in pats:
        m = pattern.match(s)
        if m:
            return level if _title_ok(m.group(group)) else None
    return None


def is_wrapped_heading(first: str, second: str) -> bool:
    """A numbered heading wrapped over two lines ("5. Financiële consequenties, gevolgen voor
    regeldruk, concurrentiekracht en" / "geopolitieke aspecten"): the second line is a short
    lowercase tail without punctuation and the whole stays a heading's length. The caller
    checks that no sentence goes on below it."""
    tail = second.split()
    if numbered_level(first) is None or not 1 <= len(tail) <= MAX_TAIL_WORDS:
        return False
    if not _LOWER_START.match(second.strip()) or second.rstrip().endswith((".", ",", ";", ":", "!", "?")):
        return False
    rest = first.split()[1:] + tail
    return len(rest) <= MAX_HEADING_WORDS and len(" ".join(rest)) <= MAX_WRAPPED_HEADING_CHARS


def chapter_number(line: str) -> int | None:
    """The top-level number a numbered heading belongs to ("1.1.b ..." -> 1)."""
    s = " ".join(line.split())
    m = _HOOFDLIJNEN.match(s)
    if m:
        return int(m.group(1))
    m = _KEYWORD.match(s)
    if m:
        return int(m.group(2)) if m.group(2).isdigit() and m.group(1) != "Artikel" else None
    m = re.match(r"^(\d{1,2})(?:\.|\s)", s)
    return int(m.group(1)) if m else None


def is_caps_heading(line: str) -> bool:
    """All-caps theme headings ("WONEN", "OPGROEIEN, ONDERWIJS & BEWEGEN")."""
    s = " ".join(line.split())
    if not _CAPS.match(s) or s.endswith((",", "-")):
        return False
    words = [w for w in re.split(r"[\s,&'’\-]+", s) if w]
    if len(words) == 1 and words[0].lower() in ("mjp", "mjb", "totaal", "saldo"):
        return False  # table header cells
    return any(len(w) >= 4 for w in words) and len(words) <= 8


def is_title_line(text: str) -> bool:
    """A short unnumbered title ("Zwembad", "Actuele ontwikkelingen"): capitalised, no
    sentence punctuation at the end, no numbers as cells. The caller checks the context."""
    s = " ".join(text.split())
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > MAX_TITLE_WORDS:
        return False
    first = s[0]
    if not (first.isupper() or first in "&'‘\""):
        return False
    if s.endswith((".", ",", ";", ":", "?", "!", "-", "…", "+", "(")):
        return False
    if numeric_tail(s) >= 1 and not _yearish(s):
        return False
    if s.startswith(("http", "www.")) or "@" in s or is_signature(s):
        return False
    return sum(ch.isalpha() for ch in s) >= 3


def is_signature(line: str) -> bool:
    """A signature line ("Voorzitter: M.L.J Out", "J. de Jonge"): never a title."""
    return bool(_SIGNATURE.match(" ".join(line.split())))


def is_list_number(line: str) -> bool:
    """A bare "N. Title" (no keyword): a chapter heading or a numbered list item."""
    s = " ".join(line.split())
    return bool(_N.match(s) or _N_NODOT.match(s)) and not _HOOFDLIJNEN.match(s)


def keyword_of(line: str) -> str | None:
    """The keyword of a keyword heading ("Bijlage 3. ..." -> "Bijlage"), else None."""
    m = _KEYWORD.match(" ".join(line.split()))
    return m.group(1) if m else None
