"""Dutch labels of the Streamlit page (B1 wording), kept apart from the page logic.

Only strings and tiny formatters; citation and page formatting come from app/texts.py
so that the page and the CLI cite the same way.
"""

from __future__ import annotations

PAGE_TITLE = "Bronwijzer Assen"
HEADER = "Bronwijzer"
TAGLINE = (
    "Vragen over de beleidsstukken van de gemeente Assen. "
    "Elk antwoord laat zien uit welk document, hoofdstuk en welke pagina het komt."
)

# --- modes -----------------------------------------------------------------------------
MODE_LABEL = "Wat wilt u doen?"
MODE_ASK = "Vraag"
MODE_SEARCH = "Bronnen zoeken"
MODE_CHECK = "Bewering checken"
MODE_HELP = {
    MODE_ASK: "Stel een vraag in gewone taal. U krijgt een kort antwoord met de bronnen.",
    MODE_SEARCH: "Zoek passages in de documenten en kopieer een bronvermelding.",
    MODE_CHECK: "Plak een bewering. U ziet of de documenten die ondersteunen.",
}

# --- index loading / building ----------------------------------------------------------
BUILDING_TITLE = "De documenten worden klaargezet. Dit gebeurt één keer en duurt een paar minuten."
BUILD_STEP = "{done} van {total} tekstdelen verwerkt"
BUILDING_DONE = "Klaar. De documenten zijn doorzoekbaar."
BUILD_FAILED = "Het klaarzetten van de documenten is mislukt: {reason}"
LOADING = "Bronwijzer wordt geladen…"
INDEX_PROBLEM = "De zoekindex kan niet worden geopend: {reason}"

# --- ask -------------------------------------------------------------------------------
ASK_PLACEHOLDER = "Stel uw vraag, bijvoorbeeld: Hoeveel woningen worden er gebouwd?"
ASK_EMPTY_STATE = (
    "Stel hieronder een vraag. Bijvoorbeeld: *Wat doet de gemeente aan eenzaamheid?* "
    "of *Hoeveel stijgt de OZB in 2026?*"
)
THINKING = "Ik zoek in de documenten…"
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

# --- source cards ----------------------------------------------------------------------
OPEN_DOCUMENT = "Bekijk in document"
NO_PAGE = "pagina onbekend"
COPY_CITATION = "Kopieer bronvermelding"

# --- search ----------------------------------------------------------------------------
SEARCH_LABEL = "Zoekterm"
SEARCH_PLACEHOLDER = "Bijvoorbeeld: OZB 2026"
SEARCH_BUTTON = "Zoeken"
FILTER_DOCS = "Documenten"
FILTER_DOCS_PLACEHOLDER = "Alle documenten"
FILTER_YEAR = "Jaar"
ALL_YEARS = "Alle jaren"
NO_RESULTS = "Geen passages gevonden. Probeer andere woorden of haal een filter weg."
RESULTS = "{n} passages gevonden"

# --- claims ----------------------------------------------------------------------------
CLAIM_LABEL = "Bewering"
CLAIM_PLACEHOLDER = "Bijvoorbeeld: De OZB stijgt in 2026 met 10%."
CLAIM_BUTTON = "Controleer"
VERDICT = "Oordeel: {label}"
EVIDENCE = "Waar dit staat"

# --- document view ---------------------------------------------------------------------
DOC_VIEW_TITLE = "In het document"
DOC_VIEW_CLOSE = "Sluiten"
DOC_VIEW_PAGE = "Pagina {page}"
DOC_VIEW_SECTION = "Hoofdstuk: {section}"
DOC_VIEW_NO_PAGES = "Van dit document zijn de pagina's niet bekend. U ziet het hele hoofdstuk."
DOC_VIEW_MISSING = "Dit document staat niet meer in de index."
DOC_VIEW_PDF = "De pagina zoals in de PDF"

# --- sidebar ---------------------------------------------------------------------------
SIDEBAR_DOCS = "Documenten in de index"
DOC_META = "{years}{sep}{pages}{chunks} tekstdelen"
DOC_PAGES = "{n} pagina's · "
NO_DOCUMENTS = "Er staan nog geen documenten in de index."
UPLOAD_HEADER = "PDF toevoegen (medewerkers)"
UPLOAD_LABEL = "Kies een PDF-bestand"
UPLOAD_BUTTON = "Toevoegen aan de index"
UPLOAD_PROGRESS = "Het document wordt gelezen en toegevoegd…"
UPLOAD_DONE = "{title} is toegevoegd: {chunks} stukken."
UPLOAD_UNCHANGED = "{name} stond al in de index; er is niets veranderd."
UPLOAD_FAILED = "{name} kon niet worden toegevoegd: {reason} De index is niet veranderd."
UPLOAD_NOT_PDF = "Dit is geen PDF-bestand."
UPLOAD_BROKEN = "Het bestand is beschadigd of geen geldige PDF."
UPLOAD_ENCRYPTED = "Het bestand is beveiligd met een wachtwoord."
UPLOAD_NO_TEXT = "Er staat geen tekst in het bestand; waarschijnlijk is het een scan."
UPLOAD_TOO_BIG = "Het bestand is groter dan {mb} MB."
UPLOAD_OTHER = "Het document kon niet worden gelezen."
