"""Heading detection: single lines, and the known headings / non-headings of the real corpus."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from ingest import sections
from ingest.layout import RawPage, normalise
from ingest.text import parse_text


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Hoofdlijnen   4. Financiële vooruitzichten", 1),
        ("Financiële begroting   2. Financieel beleid", 1),
        ("Programma 3.", 1),
        ("Paragraaf 2. Weerstandsvermogen en Risicobeheersing", 1),
        ("Bijlage 3. Reserves en voorzieningen", 1),
        ("Hoofdstuk 3", 1),
        ("1.1 Woningmarkt sluit aan bij behoefte", 2),
        ("1.1.b Tweede fase uitbreiding Kloosterveen", 3),
        ("2.1 b. Verkennen Messchenveld II", 3),
        ("4.4.8 Werklandschap Assen-Zuid", 3),
        ("3 Beoogd effect", 1),
    ],
)
def test_numbered_headings(line, level):
    assert sections.numbered_level(line) == level


@pytest.mark.parametrize(
    "line",
    [
        "Algemene reserve 60.693 45.150 32.573 25.459 20.464",
        "1. Stand Kaderbrief 2026 1.013 0 -6.997 -8.852",
        "Programma 1 Wonen in Assen 250",
        "1. Democratische rechtsorde 1",  # a table-of-contents line
        "2. De wetgever moet zorgen voor een volledig overzicht.",
        "2026 is een belangrijk jaar voor de gemeente",
    ],
)
def test_not_numbered_headings(line):
    assert sections.numbered_level(line) is None


def test_caps_and_title_lines():
    assert sections.is_caps_heading("WONEN")
    assert sections.is_caps_heading("OPGROEIEN, ONDERWIJS & BEWEGEN")
    assert not sections.is_caps_heading("MJP")
    assert sections.is_title_line("Zwembad")
    assert not sections.is_title_line(
        "Het uitgangspunt blijft een structureel sluitende begroting."
    )
    assert not sections.is_title_line("Investeringsfonds 6.530 3.030")


def test_numbered_list_after_a_colon_is_not_a_chapter():
    raw = (
        "1. Inleiding\n\nTekst.\n\n2. Financiën\n\nDe ROB doet drie aanbevelingen:\n\n"
        "1. Overzicht van taken\n\nDe wetgever moet zorgen.\n\n2. Samenhang tussen ambities\n\n"
        "Meer tekst.\n\n3. Vervolg\n\nSlot.\n"
    )
    n = normalise([RawPage(raw, 1, None, True)])
    heads = [n.text[b.start : b.end] for b in n.blocks if b.kind == "heading"]
    assert heads == ["1. Inleiding", "2. Financiën"]


def _headings(name: str) -> dict[str, int]:
    doc = parse_text(CORPUS / name)
    return {doc.text[b.start : b.end]: b.level for b in doc.blocks if b.kind == "heading"}


def _blocks_with(name: str, text: str) -> list[str]:
    doc = parse_text(CORPUS / name)
    return [b.kind for b in doc.blocks if text in doc.text[b.start : b.end]]


KNOWN = [
    ("programmabegroting-2026.txt", "Hoofdlijnen 4. Financiële vooruitzichten", 1),
    ("programmabegroting-2026.txt", "Financiële begroting 2. Financieel beleid", 1),
    ("programmabegroting-2026.txt", "Wonen in Assen", 1),
    ("programmabegroting-2026.txt", "1.1 Woningmarkt sluit aan bij behoefte", 2),
    ("programmabegroting-2026.txt", "1.1.b Tweede fase uitbreiding Kloosterveen", 3),
    ("programmabegroting-2026.txt", "2.1 b. Verkennen Messchenveld II", 3),
    ("programmabegroting-2026.txt", "3. Meedoen in Assen", 1),
    ("programmabegroting-2026.txt", "Paragraaf 2. Weerstandsvermogen en Risicobeheersing", 1),
    ("programmabegroting-2026.txt", "Bijlage 3. Reserves en voorzieningen", 1),
    ("programmabegroting-2026.txt", "Bijlage 6. Indicatoren", 1),
    ("programmabegroting-2026.txt", "Programma 3. Meedoen in Assen", 2),  # inside Bijlage 6
    ("omgevingsvisie-2026.txt", "4.4.8 Werklandschap Assen-Zuid", 3),
    ("omgevingsvisie-2026.txt", "5 Van visie naar uitvoering", 1),
    ("bestuursakkoord-2022-2026.txt", "WONEN", 1),
    ("bestuursakkoord-2022-2026.txt", "ONDERNEMEN", 1),
    ("bestuursakkoord-2022-2026.txt", "Zwembad", 2),
    ("bestuursakkoord-2022-2026.txt", "Netwerken gebruiken", 2),
    ("kaderbrief-2024.txt", "2. Financieel perspectief 2024-2027", 1),
    ("kaderbrief-2024.txt", "1.3 Meedoen", 2),
    (
        "raadsvoorstel-economische-agenda-2026-2030.txt",
        "5.3 Afhankelijkheid van externe partners",
        2,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "heading", "level"), KNOWN)
def test_known_corpus_headings(name, heading, level):
    assert _headings(name).get(heading) == level


NOT_HEADINGS = [
    (
        "programmabegroting-2026.txt",
        "Algemene reserve 60.693 45.150 32.573 25.459 20.464",
        "table_row",
    ),
    ("programmabegroting-2026.txt", "1. Overzicht van medebewindstaken en middelen", "list_item"),
    (
        "programmabegroting-2026.txt",
        "Het uitgangspunt blijft een structureel sluitende begroting.",
        "paragraph",
    ),
    ("programmabegroting-2026.txt", "Programma 1 Wonen in Assen 250", "table_row"),
    ("bestuursakkoord-2022-2026.txt", "Inwoners en bezoekers komen in 2030", "paragraph"),
    ("omgevingsvisie-2026.txt", "Voorzitter: M.L.J Out", "paragraph"),
    ("omgevingsvisie-2026.txt", "J. de Jonge", "paragraph"),
    (
        "bestuursakkoord-2022-2026.txt",
        "Wat gaan we daarvoor de komende vier jaar doen?",
        "paragraph",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text", "kind"), NOT_HEADINGS)
def test_known_corpus_non_headings(name, text, kind):
    kinds = _blocks_with(name, text)
    assert kinds and "heading" not in kinds
    assert kinds[0] == kind


def test_numbered_line_whose_sentence_goes_on_is_a_list_item():
    raw = "Besluit\n\n1.1 De Economische Agenda vast te stellen als kader voor beleid\n\nen uitvoering tot en met 2030.\n"
    n = normalise([RawPage(raw, 1, None, True)])
    kinds = [(b.kind, n.text[b.start:b.end]) for b in n.blocks]
    assert kinds[-1] == ("list_item", "1.1 De Economische Agenda vast te stellen als kader voor beleid "
                                      "en uitvoering tot en met 2030.")


def test_title_lines_glued_to_a_paragraph_are_split_off():
    wide = "Dit is een gewone regel tekst van een alinea die netjes over de volle breedte loopt"
    body = "\n".join([wide] * 25)
    raw = (body + " en eindigt hier.\nStand van zaken\n\n" + wide + ".\n\n"
           "Netwerken gebruiken\n" + wide + " en ook deze.\n")
    n = normalise([RawPage(raw, 1, None, True)])
    heads = [n.text[b.start:b.end] for b in n.blocks if b.kind == "heading"]
    assert heads == ["Stand van zaken", "Netwerken gebruiken"]


def test_markdown_headings():
    raw = "# Nota wonen\n\nInleiding van de nota.\n\n## 1. Woningbouw\n\nWe bouwen meer.\n\n- punt een\n- punt twee\n"
    n = normalise([RawPage(raw, None, None, False)])
    heads = [(b.level, n.text[b.start:b.end]) for b in n.blocks if b.kind == "heading"]
    assert heads == [(1, "# Nota wonen"), (2, "## 1. Woningbouw")]
    assert [b.kind for b in n.blocks][-2:] == ["list_item", "list_item"]


def test_numbered_heading_wrapped_over_two_lines():
    raw = (
        "4. Beoordeling\n\nDe alternatieven worden niet effectief geacht.\n\n"
        "5. Financiële consequenties, gevolgen voor regeldruk, concurrentiekracht en \n"
        "geopolitieke aspecten  \n"
        "a) Consequenties EU-begroting \n"
        "Dit voorstel heeft naar verwachting geen gevolgen voor de EU-begroting.\n\n"
        "5.1 Gevolgen voor de regeldruk van bedrijven, burgers, medeoverheden en de \n"
        "rijksoverheid zelf\n\nTekst over regeldruk.\n"
    )
    n = normalise([RawPage(raw, 1, None, True)])
    heads = [(b.level, n.text[b.start : b.end]) for b in n.blocks if b.kind == "heading"]
    assert heads == [
        (1, "4. Beoordeling"),
        (1, "5. Financiële consequenties, gevolgen voor regeldruk, concurrentiekracht en "
            "geopolitieke aspecten"),
        (2, "5.1 Gevolgen voor de regeldruk van bedrijven, burgers, medeoverheden en de "
            "rijksoverheid zelf"),
    ]


def test_a_wrapped_numbered_line_is_no_heading_when_a_sentence_or_a_row_goes_on():
    assert not sections.is_wrapped_heading("1. Het college te verzoeken om", "de raad te informeren.")
    assert not sections.is_wrapped_heading("Het college verzoekt", "de raad")  # not numbered
    assert not sections.is_wrapped_heading("2. Financiën", "en nog veel meer woorden dan dat")
    raw = (
        "Besluit\n\n1. Het college te verzoeken om de raad te informeren over de voortgang van\n"
        "de agenda in\nhet jaar 2026 en daarna.\n\n"
        "Tabel 1 Lasten\n6 Bedrijfsvoering (ondersteunende\nteams)\n31.397 23.664 20.715\n"
    )
    n = normalise([RawPage(raw, 1, None, True)])
    heads = [n.text[b.start : b.end] for b in n.blocks if b.kind == "heading"]
    assert heads == ["Besluit"]


@pytest.mark.parametrize(
    ("line", "signature"),
    [
        ("Voorzitter: M.L.J Out", True),
        ("Griffier: J. de Jonge", True),
        ("M.L.J Out", True),
        ("J. de Jonge", True),
        ("De voorzitter, A.B. Jansen", True),
        ("A. Inleiding", False),  # one initial without a particle: a lettered title
        ("Ruimtelijke schets: Groene stad van het Noorden", False),
        ("Bijlage: financiën", False),
        ("Voorzitterschap", False),
    ],
)
def test_signature_lines_are_not_titles(line, signature):
    assert sections.is_signature(line) is signature
    assert sections.is_title_line(line) is not signature


def test_signatures_under_a_decision_stay_with_it():
    raw = (
        "Artikel II\n\nDit besluit treedt in werking per 26-02-2026\n\n"
        "Aldus vastgesteld door Gemeente Assen,\n\nDe raad voornoemd,\n\n"
        "Voorzitter: M.L.J Out\n\nGriffier: J. de Jonge\n\nM.L.J Out\n\nJ. de Jonge\n\n"
        "Bijlage A Bijlage bij artikel I\n\nOmgevingsvisie gemeente Assen\n\n"
        "Voor u ligt de geactualiseerde omgevingsvisie van de gemeente Assen.\n"
    )
    n = normalise([RawPage(raw, 1, None, True)])
    heads = [n.text[b.start : b.end] for b in n.blocks if b.kind == "heading"]
    assert heads == ["Artikel II", "Bijlage A Bijlage bij artikel I", "Omgevingsvisie gemeente Assen"]
