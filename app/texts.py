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
ACCORDING_TO = "Volgens {title}"
_NEUTER = ("bestuursakkoord", "coalitieakkoord", "akkoord", "raadsvoorstel", "voorstel", "besluit",
           "plan", "programma", "beleidsplan", "jaarverslag", "verslag", "rapport", "uitvoeringsprogramma")


def with_article(title: str) -> str:
    """'de Kaderbrief 2024', 'het Bestuursakkoord 2022-2026' (Dutch article by the first word)."""
    first = title.split()[0].lower() if title.split() else ""
    return f"{'het' if first in _NEUTER else 'de'} {title}"

# --- claim checks ----------------------------------------------------------------------

VERDICT_LABELS = {
    "supported": "ondersteund",
    "refuted": "weerlegd",
    "not_found": "niet gevonden",
}
CLAIM_SUPPORTED = "Volgens {source} klopt dit: “{quote}”"
CLAIM_REFUTED_VALUE = "Volgens {source} is het {found}, niet {claimed}: “{quote}”"
CLAIM_REFUTED_WORD = "Volgens {source} staat er “{found}”, niet “{claimed}”: “{quote}”"
CLAIM_REFUTED_NEGATION = "Volgens {source} klopt dit niet: “{quote}”"
CLAIM_NOT_FOUND = (
    "Hierover vind ik niets in de documenten; de bewering is daarom niet te controleren."
)
CLAIM_NOT_A_CLAIM = (
    "Dit is geen bewering die ik kan controleren. Schrijf een volledige bewering, "
    "bijvoorbeeld: ‘De OZB-tarieven stijgen in 2026 met 4,2%.’ Een vraag stelt u bij ‘Vraag’."
)
CLAIM_UNCERTAIN = (
    "De documenten gaan hierover, maar bevestigen de bewering niet precies. "
    "Het dichtstbij komt {source}: “{quote}”"
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
    """'de Programmabegroting 2026 (2. Financieel beleid)' for claim explanations."""
    inner = [s for s in section if s and s.strip()]
    named = with_article(title)
    return f"{named} ({inner[-1].strip()})" if inner else named


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


# === Streamlit page labels (app/streamlit_app.py and app/ui_*.py) =========================
# Owned by the page; B1 wording. Grouped in a class so page labels never collide with
# the answer/claim strings above. Use: `from app.texts import UI as T`.


class UI:
    PAGE_TITLE = "Bronwijzer Assen"
    HEADER = "Bronwijzer"
    TAGLINE = (
        "Vragen over de beleidsstukken van de gemeente Assen. "
        "Elk antwoord laat zien uit welk document, hoofdstuk en welke pagina het komt."
    )

    # modes
    MODE_LABEL = "Wat wilt u doen?"
    MODE_ASK = "Vraag"
    MODE_SEARCH = "Bronnen zoeken"
    MODE_CHECK = "Bewering checken"
    MODE_HELP = {
        MODE_ASK: "Stel een vraag in gewone taal. U krijgt een kort antwoord met de bronnen.",
        MODE_SEARCH: "Zoek passages in de documenten en kopieer een bronvermelding.",
        MODE_CHECK: "Plak een bewering. U ziet of de documenten die ondersteunen.",
    }

    # index loading / building
    BUILDING_TITLE = "De documenten worden klaargezet. Dit gebeurt één keer en duurt een paar minuten."
    BUILD_STEP = "{done} van {total} tekstdelen verwerkt"
    BUILD_ETA = "nog ongeveer {min} min."
    BUILDING_DONE = "Klaar. De documenten zijn doorzoekbaar."
    BUILD_FAILED = "Het klaarzetten van de documenten is mislukt: {reason}"
    LOADING = "Bronwijzer wordt geladen…"
    INDEX_PROBLEM = "De zoekindex kan niet worden geopend: {reason}"

    # ask
    ASK_PLACEHOLDER = "Stel uw vraag, bijvoorbeeld: Hoeveel woningen worden er gebouwd?"
    ASK_EMPTY_STATE = (
        "Stel hieronder een vraag. Bijvoorbeeld: *Wat doet de gemeente aan eenzaamheid?* "
        "of *Hoeveel stijgt de OZB in 2026?*"
    )
    THINKING = "Ik zoek in de documenten…"
    READ_AS = "Opgevat als: {question}"
    SOURCES = "Bronnen"
    SUGGESTIONS = "Misschien bedoelt u:"
    FEEDBACK_QUESTION = "Had u hier iets aan?"
    FEEDBACK_UP = "Ja"
    FEEDBACK_DOWN = "Nee"
    FEEDBACK_THANKS = "Bedankt voor uw reactie."
    FEEDBACK_SAVE_FAILED = "Uw reactie kon niet worden bewaard."
    CLEAR_CHAT = "Nieuw gesprek"
    TOO_LONG = "Uw tekst was te lang. Ik heb alleen de eerste {n} tekens gebruikt."
    ERROR = "Er ging iets mis: {reason}"
    SUMMARY_TOGGLE = "Samenvatting door taalmodel"
    SUMMARY_HELP = (
        "Laat een taalmodel de gevonden passages samenvatten. "
        "De samenvatting wordt tegen de bronnen gecontroleerd."
    )

    # source cards
    OPEN_DOCUMENT = "Bekijk in document"
    COPY_CITATION = "Kopieer bronvermelding"

    # search
    SEARCH_LABEL = "Zoekterm"
    SEARCH_PLACEHOLDER = "Bijvoorbeeld: OZB 2026"
    SEARCH_BUTTON = "Zoeken"
    FILTER_DOCS = "Documenten"
    FILTER_DOCS_PLACEHOLDER = "Alle documenten"
    FILTER_YEAR = "Jaar"
    ALL_YEARS = "Alle jaren"
    NO_RESULTS = "Geen passages gevonden. Probeer andere woorden of haal een filter weg."
    RESULTS = "{n} passages gevonden"

    # claims
    CLAIM_LABEL = "Bewering"
    CLAIM_PLACEHOLDER = "Bijvoorbeeld: De OZB stijgt in 2026 met 10%."
    CLAIM_BUTTON = "Controleer"
    VERDICT = "Oordeel: {label}"
    EVIDENCE = "Waar dit staat"

    # document view
    DOC_VIEW_TITLE = "In het document"
    DOC_VIEW_CLOSE = "Sluiten"
    DOC_VIEW_PAGE = "Pagina {page}"
    DOC_VIEW_NO_PAGES = "Van dit document zijn de pagina's niet bekend. U ziet het hele hoofdstuk."
    DOC_VIEW_MISSING = "Dit document staat niet meer in de index."
    DOC_VIEW_PDF = "De pagina zoals in de PDF"

    # sidebar
    SIDEBAR_DOCS = "Documenten in de index"
    DOC_META = "{years}{sep}{pages}{chunks} tekstdelen"
    DOC_PAGES = "{n} pagina's · "
    NO_DOCUMENTS = "Er staan nog geen documenten in de index."
    UPLOAD_HEADER = "PDF toevoegen (medewerkers)"
    UPLOAD_LABEL = "Kies een PDF-bestand"
    UPLOAD_BUTTON = "Toevoegen aan de index"
    UPLOAD_PROGRESS = "Het document wordt gelezen en toegevoegd…"
    UPLOAD_DONE = "{title} is toegevoegd: {chunks} tekstdelen."
    UPLOAD_UNCHANGED = "{name} stond al in de index; er is niets veranderd."
    UPLOAD_FAILED = "{name} kon niet worden toegevoegd: {reason} De index is niet veranderd."
    UPLOAD_NOT_PDF = "Dit is geen PDF-bestand."
    UPLOAD_BROKEN = "Het bestand is beschadigd of geen geldige PDF."
    UPLOAD_ENCRYPTED = "Het bestand is beveiligd met een wachtwoord."
    UPLOAD_NO_TEXT = "Er staat geen tekst in het bestand; waarschijnlijk is het een scan."
    UPLOAD_TOO_BIG = "Het bestand is groter dan {mb} MB."
    UPLOAD_OTHER = "Het document kon niet worden gelezen."


def image_page_note(page: int) -> str:
    """A page ingest found to be (mostly) an image: its text cannot be searched or cited."""
    return f"p. {page}: afbeelding zonder tekst (tabel?), niet doorzoekbaar; OCR nodig"
