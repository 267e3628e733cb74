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
SUMMARY_TIMEOUT = (
    "Het taalmodel gaf niet op tijd een samenvatting; u ziet het antwoord uit de bronnen."
)
SUMMARY_UNAVAILABLE = "Het taalmodel is niet bereikbaar; u ziet het antwoord uit de bronnen."
SUMMARY_REJECTED = (
    "De samenvatting van het taalmodel klopte niet met de bronnen en wordt niet getoond; "
    "u ziet het antwoord uit de bronnen."
)
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


def page_text(page_start: int | None, page_label: str | None, page_exact: bool,
              page_end: int | None = None) -> str:
    """'p. 14', 'p. 111-112' across pages, 'ca. p. 52' for an estimate, '' when unknown."""
    page = page_label or (str(page_start) if page_start is not None else None)
    if page is None:
        return ""
    if not page_label and page_end is not None and page_start is not None \
            and page_end > page_start:
        page = f"{page_start}-{page_end}"
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
    page_end: int | None = None,
) -> str:
    """'Programmabegroting 2026, Programma 1. Wonen in Assen, §1.1.b, p. 14' (or 'p. 111-112'
    when the passage runs over a page break and page_end is given)."""
    parts = [title, section_text(section),
             page_text(page_start, page_label, page_exact, page_end)]
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


def row_as_written(row: str, caption: str) -> str:
    """A row whose columns cannot be named: as printed, with its caption or unit."""
    return f"{row} ({caption})." if caption else f"{row}."


def _bodies(bodies: list[str]) -> str:
    return ", ".join(b[:1].upper() + b[1:] for b in bodies)


def refusal_other_body(names: list[str], bodies: list[str]) -> str:
    """Refused, and the question names a place or body the indexed documents are not of."""
    held = _bodies(bodies)
    return f"{REFUSAL} De documenten in de index gaan over: {held}; niet over {' of '.join(names)}."


def refusal_unknown_names(names: list[str], bodies: list[str]) -> str:
    """The question names a place/body/person no indexed document mentions."""
    held = _bodies(bodies) if bodies else "geen enkele"
    named = " en ".join(names)
    return (f"Dat staat niet in de documenten: ze noemen {named} nergens. "
            f"De documenten in de index gaan over: {held}.")
# === Command line (app/cli.py, app/commands/) ============================================

CLI_ERROR = "fout: {message}"
CLI_INTERRUPTED = "afgebroken"
CLI_NOT_AVAILABLE = "'{command}' bestaat niet in deze versie"
EMPTY_QUESTION = 'lege vraag: vraag bijvoorbeeld bronwijzer ask "Wanneer begint de economische agenda?"'
EMPTY_CLAIM = 'lege bewering: controleer bijvoorbeeld bronwijzer check "De OZB stijgt in 2026 met 10%"'
EMPTY_SEARCH = 'lege zoekvraag: zoek bijvoorbeeld bronwijzer search "OZB 2026"'
BAD_K = "-k moet minstens 1 zijn, niet {k}"
UNKNOWN_DOC = "document {name!r} staat niet in de index. Wel in de index: {known}"

# argparse's own words ("usage:", "options", its errors), by their English message ids.
ARGPARSE = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde voor %(type)s: %(value)r",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "optie %(option)s is niet eenduidig: %(matches)s",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
}


# === Command line: the first build (app/first_start.py) ====================================


def time_left(seconds: float | None) -> str:
    """'nog ongeveer 2 min.', 'nog ongeveer 40 s', or while unknown 'tijd wordt berekend'."""
    if seconds is None:
        return "resterende tijd wordt berekend"
    if seconds < 90:
        return f"nog ongeveer {max(10, int(round(seconds / 10.0)) * 10)} s"
    return f"nog ongeveer {round(seconds / 60)} min."


BUILD_CLI_STARTED = (
    "Bronwijzer bouwt de zoekindex van de meegeleverde documenten (eenmalig, een paar "
    "minuten). Vragen worden intussen beantwoord met zoeken op woorden."
)
BUILD_CLI_PROGRESS = "Zoekindex bouwen: {done} van {total} tekstdelen ({pct}%), {left}"
BUILD_CLI_DONE = "Zoekindex klaar in {seconds} s: antwoorden gebruiken nu woorden én betekenis."
BUILD_CLI_FAILED = "Het bouwen van de zoekindex is mislukt: {reason}"
BUILD_CLI_PARTIAL = (
    "Let op: de zoekindex wordt nog gebouwd ({left}). Dit antwoord komt alleen uit zoeken op "
    "woorden; vraag het straks opnieuw voor een beter antwoord. Voortgang: {log}"
)


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
    BUILD_READING = "De documenten worden ingelezen… ({elapsed} s)"
    BUILD_PARTIAL = (
        "U kunt al vragen stellen. De antwoorden komen nu uit zoeken op woorden. "
        "Ze worden beter als de zoekindex klaar is; de pagina schakelt dan vanzelf over."
    )
    BUILD_PARTIAL_STEP = "Zoekindex: {done} van {total} tekstdelen ({pct}%), {left}"
    BUILD_SWITCHED = "De zoekindex is klaar: u zoekt nu op woorden én betekenis."
    BUILDING_DONE = "Klaar. De documenten zijn doorzoekbaar."
    BUILD_FAILED = "Het klaarzetten van de documenten is mislukt: {reason}"
    BUILD_STOPPED = "het bouwproces is gestopt. Laad de pagina opnieuw om het opnieuw te proberen."
    LOADING = "Bronwijzer wordt geladen…"
    INDEX_PROBLEM = "De zoekindex kan niet worden geopend: {reason}"
    INDEX_DAMAGED = (
        "Het indexbestand {file} is beschadigd of onleesbaar. Herstel: laat de beheerder "
        "'bronwijzer index --rebuild' uitvoeren; dat bouwt de index opnieuw uit de bewaarde "
        "documenten."
    )

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

    JARGON_TITLE = "Wat betekent: {words}?"
    JARGON_SOURCE = "begrip uit:"

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
    UPLOAD_WAIT_BUILD = "Toevoegen kan zodra de zoekindex klaar is (zie de voortgang hierboven)."
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
    UPLOAD_OFF = "Documenten toevoegen staat uit. Vraag de beheerder om het aan te zetten."
    UPLOAD_TOKEN = "Wachtwoord voor medewerkers"
    UPLOAD_WRONG_TOKEN = "Het wachtwoord voor medewerkers klopt niet. Er is niets toegevoegd."
    UPLOAD_QUOTA = (
        "Er is geen ruimte meer: alle toegevoegde bestanden samen mogen niet groter zijn dan "
        "{mb} MB. Vraag de beheerder om ruimte te maken."
    )
    UPLOAD_BOMB = (
        "Het bestand pakt uit tot veel meer gegevens dan het groot is (een zogeheten "
        "zip-bom) en wordt daarom niet gelezen."
    )
    UPLOAD_REPLACE = "Bestaand document met dezelfde naam vervangen"
    UPLOAD_REPLACE_HELP = "Het oude document blijft staan tot het nieuwe helemaal is verwerkt."
    UPLOAD_REPLACE_ASK = (
        "Er staat al een document {name} in de index: {title}. Wilt u het vervangen? Vink dan "
        "'Bestaand document met dezelfde naam vervangen' aan en voeg het bestand opnieuw toe. "
        "Er is nu niets veranderd."
    )
    UPLOAD_REPLACED = "{title} is toegevoegd: {chunks} tekstdelen. Het vervangt de vorige versie ({old})."
    UPLOAD_WAITING = "Er wordt al een ander document toegevoegd; even wachten…"
    UPLOAD_BUSY = "Er werd te lang een ander document toegevoegd. Probeer het later opnieuw."


# === Command line (app/cli.py and app/commands/) ====================================

class CLI:
    WAITING_FOR_WRITER = (
        "Er schrijft al een ander Bronwijzer-proces in {home}; ik wacht tot dat klaar is…"
    )
    USING_BUNDLED = "Er staan nog geen documenten in de opslag; ik gebruik de meegeleverde map {path}."
    INDEX_DAMAGED = (
        "fout: het indexbestand {path} is beschadigd of onleesbaar ({reason}). "
        "Herstel: bronwijzer index --rebuild (bouwt de index opnieuw uit uw eigen documenten)."
    )
    BUSY = "fout: {reason}"
    OPEN_UPLOADS = (
        "Let op: uploads staan aan en Bronwijzer luistert op {address}, dus niet alleen op deze "
        "computer. Iedereen die de pagina bereikt, kan het wachtwoord voor medewerkers proberen."
    )


def image_page_note(page: int) -> str:
    """A page ingest found to be (mostly) an image: its text cannot be searched or cited."""
    return f"p. {page}: afbeelding zonder tekst (tabel?), niet doorzoekbaar; OCR nodig"
