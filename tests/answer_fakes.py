"""A tiny in-memory Searcher over hand-made Dutch chunks, for answer and claim tests.

Ranks by shared stemmed content words (no model); implements the index.model.Searcher
protocol (search, chunks, embed_query) so app/answer.py and app/claims.py run unchanged.
"""

from __future__ import annotations

import numpy as np

from index.lexical import tokenize
from index.model import Filters, Hit
from ingest.model import Chunk, PageRef

BEGROTING = "programmabegroting-2026.txt"
KADERBRIEF = "kaderbrief-2024.txt"
AKKOORD = "bestuursakkoord-2022-2026.txt"
VISIE = "omgevingsvisie-2026.txt"
VOORSTEL = "raadsvoorstel-economische-agenda-2026-2030.txt"
TITLES = {
    BEGROTING: "Programmabegroting 2026",
    KADERBRIEF: "Kaderbrief 2024",
    AKKOORD: "Bestuursakkoord 2022-2026",
    VISIE: "Omgevingsvisie 2026",
    VOORSTEL: "Raadsvoorstel Economische Agenda 2026-2030",
}
YEARS = {BEGROTING: (2026, 2029), KADERBRIEF: (2024, 2027), AKKOORD: (2022, 2026),
         VISIE: (2026, 2040), VOORSTEL: (2026, 2030)}

# (doc, section path, page, exact, text, context)
RAW = [
    (BEGROTING, ("Paragraaf 1. Lokale heffingen", "Onroerendezaakbelastingen"), 52, False,
     "De tarieven van de onroerendezaakbelastingen (OZB) stijgen per 1 januari 2026 met 4,2%. "
     "Dit is de gebruikelijke inflatiecorrectie.", ""),
    (BEGROTING, ("4. Financiële vooruitzichten", "Vrije ruimte in reserves"), 30, True,
     "Totaal vrij besteedbare ruimte reserves 67.223 48.180 35.603 28.489 23.494\n"
     "Algemene reserve 60.693 45.150 32.573 25.459 20.464",
     "Tabel Vrij besteedbare ruimte in reserves (bedragen x € 1.000)\n"
     "Omschrijving Begroting 2025 Begroting 2026 MJP 2027 MJP 2028 MJP 2029"),
    (VOORSTEL, ("9 Vervolg",), 4, True,
     "De Economische Agenda 2026-2030 gaat in op 1 januari 2026. "
     "Na vaststelling wordt de agenda gepubliceerd.", ""),
    (VOORSTEL, ("6 Kosten, baten en dekking",), 3, True,
     "Via de kaderbrief is voor 2026 een bedrag van € 725.000 opgenomen in de begroting. "
     "Voor de jaren 2027-2030 zijn nog geen middelen beschikbaar.", ""),
    (KADERBRIEF, ("3.4 Financieel technische uitgangspunten",), 12, True,
     "Als vertrekpunt voor de loonontwikkeling rekenen we in deze kaderbrief met 8,3%.", ""),
    (BEGROTING, ("Programma 0. Bestuur", "Uitgangspunten"), 80, False,
     "Voor de loonontwikkeling rekenen we in de begroting 2026 met 5,85%.", ""),
    (AKKOORD, ("ONDERNEMEN", "Werkgelegenheid"), 9, True,
     "Daarom nemen wij het initiatief voor een werkgelegenheidspact met als doel samen met de "
     "provincie en het Rijk 5000 banen naar de stad te halen.", ""),
    (VISIE, ("4. Gebieden", "4.4.8 Werklandschap Assen-Zuid"), 120, True,
     "Werklandschap Assen-Zuid is 55 hectare groot. Het zonnepark op het werklandschap is "
     "landschappelijk ingepast en tijdelijk vergund voor 20 jaar.", ""),
    (BEGROTING, ("Programma 1. Wonen in Assen", "1.1.b Tweede fase uitbreiding Kloosterveen"), 14, True,
     "De Structuurvisie Kloosterveen 2017-2035 voorziet in 2.250 tot 2.500 woningen. "
     "In 2026 starten we met de bouw van de eerste woningen in Kloosterveen-Noord.", ""),
    (AKKOORD, ("SAMENLEVEN", "Sport"), 11, True,
     "Wij investeren in sportverenigingen en in een nieuwe sporthal in het centrum. "
     "Beweegonderwijs op de basisscholen blijft belangrijk.", ""),
    (VISIE, ("3.7 Klimaat",), 60, True,
     "Door klimaatverandering krijgen we vaker te maken met hitte, droogte en wateroverlast. "
     "Groen in de wijken helpt tegen hitte.", ""),
    (VISIE, ("3 Dit is Assen in 2025", "3.12 Milieu"), 58, False,
     "Als het om milieu gaat gelden afspraken voor alle gemeenten. Deze regels noemen we de vier "
     "milieubeginselen.\n• Voorzorgsbeginsel: de gemeente kan maatregelen nemen zonder bewijs.\n"
     "• Preventiebeginsel: schade voorkomen in plaats van herstellen.\n"
     "• Bestrijding aan de bron: schade aanpakken waar die ontstaat.\n"
     "• De vervuiler betaalt: wie vervuilt, betaalt de kosten.", ""),
    (BEGROTING, ("Paragraaf 4. Financiering",), 70, True,
     "Voor het aantrekken van nieuwe langlopende leningen rekenen we met een rente van 2,50%. "
     "In 2026 willen we 18 miljoen nieuw lenen.", ""),
]


def one_chunk(text: str, title: str = "Nota", section: tuple[str, ...] = (), **fields) -> Chunk:
    """A single hand-made chunk holding `text` (page 1 of 'd.pdf'), for unit-level tests."""
    return Chunk("d:0001", "d", "d.pdf", title, section, PageRef(1, 1, "1", True),
                 text, 0, len(text), **fields)


def make_chunks() -> list[Chunk]:
    chunks = []
    for i, (doc, section, page, exact, text, context) in enumerate(RAW):
        lo, hi = YEARS[doc]
        chunks.append(Chunk(
            chunk_id=f"{doc[:6]}{i:06d}:{i:04d}", doc_id=f"{doc[:6]}{i:06d}", doc=doc,
            title=TITLES[doc], section=section, page=PageRef(page, page, str(page), exact),
            text=text, start=0, end=len(text), year_from=lo, year_to=hi, context=context,
            municipality="assen", body="Gemeente Assen",
        ))
    return chunks


class FakeSearcher:
    """Ranks chunks by shared stemmed content words; honours Filters like the real one."""

    def __init__(self, chunks: list[Chunk] | None = None) -> None:
        self._chunks = chunks if chunks is not None else make_chunks()
        self._terms = [frozenset(tokenize(c.indexed_text)) for c in self._chunks]
        self.calls: list[str] = []

    def chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def embed_query(self, query: str) -> np.ndarray:
        return np.zeros(8, dtype=np.float32)

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               mode: str = "hybrid") -> list[Hit]:
        self.calls.append(query)
        q = frozenset(tokenize(query))
        scored = []
        for c, terms in zip(self._chunks, self._terms, strict=True):
            if filters is not None and not filters.matches(c):
                continue
            overlap = len(q & terms)
            if overlap:
                scored.append((overlap / (len(q) or 1), c))
        scored.sort(key=lambda x: -x[0])
        return [Hit(c, s, i + 1, mode) for i, (s, c) in enumerate(scored[:k])]
