"""Every Dutch string the user sees: refusals, verdict labels, citation formatting.

The CLI, the answer composer and the Streamlit page import from here so that the
wording lives in one place. No logic beyond formatting; nothing here searches or scores.
"""

from __future__ import annotations

import re

# --- answers ---------------------------------------------------------------------------

REFUSAL = "Dat staat niet in de documenten: ik vind geen passage die deze vraag beantwoordt."
REFUSAL_OTHER_LANGUAGE = (
    "Ik beantwoord alleen vragen in het Nederlands over de documenten van de gemeente. "
    "Stel uw vraag in het Nederlands, dan zoek ik het voor u op."
)
SUGGESTIONS_INTRO = "Misschien bedoelt u:"
SOURCES_HEADER = "Bronnen:"
TRUNCATED_NOTICE = "Uw vraag was erg lang; ik heb alleen de eerste {n} tekens gebruikt."
GENERATED_LABEL = "Samenvatting (taalmodel, gecontroleerd tegen de bronnen)"
NO_QUESTION = "Typ een vraag."

# "Volgens de Kaderbrief 2024: ..." in compare answers, so the reader sees which side is which.
ACCORDING_TO = "Volgens de {title}"

# --- claim checks ----------------------------------------------------------------------

VERDICT_LABELS = {
    "supported": "ondersteund",
    "refuted": "weerlegd",
    "not_found": "niet gevonden",
}
CLAIM_SUPPORTED = "Volgens de {source} klopt dit: “{quote}”"
CLAIM_REFUTED_VALUE = "Volgens de {source} is het {found}, niet {claimed}: “{quote}”"
CLAIM_REFUTED_WORD = "Volgens de {source} staat er “{found}”, niet “{claimed}”: “{quote}”"
CLAIM_REFUTED_NEGATION = "Volgens de {source} klopt dit niet: “{quote}”"
CLAIM_NOT_FOUND = (
    "Hierover vind ik niets in de documenten; de bewering is daarom niet te controleren."
)
CLAIM_UNCERTAIN = (
    "De documenten gaan hierover, maar bevestigen de bewering niet precies. "
    "Het dichtstbij komt de {source}: “{quote}”"
)

# --- citations -------------------------------------------------------------------------

_SECTION_NUMBER = re.compile(r"^(\d+(?:\.\d+)*(?:\.[a-z])?)\.?\s+\S")


def page_text(page_start: int | None, page_label: str | None, page_exact: bool) -> str:
    """'p. 14', 'ca. p. 52' for an estimate, '' when the page is unknown."""
    page = page_label or (str(page_start) if page_start is not None else None)
    if page is None:
        return ""
    return f"p. {page}" if page_exact else f"ca. p. {page}"


def section_text(section: tuple[str, ...] | list[str]) -> str:
    """'Programma 1. Wonen in Assen, §1.1.b': the outermost chapter plus the innermost number."""
    parts = [s.strip() for s in section if s and s.strip()]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    inner = parts[-1]
    m = _SECTION_NUMBER.match(inner)
    inner_text = f"§{m.group(1)}" if m else inner
    return f"{parts[0]}, {inner_text}"


def citation_text(
    title: str,
    section: tuple[str, ...] | list[str],
    page_start: int | None,
    page_label: str | None,
    page_exact: bool,
) -> str:
    """'Programmabegroting 2026, Programma 1. Wonen in Assen, §1.1.b, p. 14'."""
    parts = [title, section_text(section), page_text(page_start, page_label, page_exact)]
    return ", ".join(p for p in parts if p)


def source_name(title: str, section: tuple[str, ...] | list[str]) -> str:
    """'Programmabegroting 2026 (2. Financieel beleid)' for claim explanations."""
    inner = [s for s in section if s and s.strip()]
    return f"{title} ({inner[-1].strip()})" if inner else title


def table_value(row_label: str, column: str, value: str, unit: str) -> str:
    """'Algemene reserve, begroting 2026: 45.150 (bedragen x € 1.000)'."""
    head = f"{row_label}, {column.lower()}" if column else row_label
    tail = f" ({unit})" if unit else ""
    return f"{head}: {value}{tail}"


def table_values(row_label: str, pairs: list[tuple[str, str]], unit: str) -> str:
    """'Algemene reserve: begroting 2025 60.693; begroting 2026 45.150 (bedragen x € 1.000)'."""
    body = "; ".join(f"{col.lower()} {val}" if col else val for col, val in pairs)
    tail = f" ({unit})" if unit else ""
    return f"{row_label}: {body}{tail}"
