"""PDF parser (ingest/pdf.py, pdf_pages.py, pdf_outline.py): printed labels, header/footer
removal, outline, title, bad input.

Pure functions are tested on line lists; generated PDFs (tests/pdf_factory.py) pin the
whole path with known content; the real fixtures in ../shared/fixtures/pdf are checked on
sentences whose page was verified by hand in the PDF.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import SHARED_PDF, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_factory import FakePage, FakePdf, nota, write_pdf

from ingest.model import IngestError, ParsedDocument
from ingest.pdf import parse_pdf, read_pdf
from ingest.pdf_outline import choose_title, doc_type, set_off_bookmarks, useful_outline, years
from ingest.pdf_pages import axis_ticks, clean_pages, furniture, page_number, printed_numbers


def span_of(doc: ParsedDocument, needle: str, heading: bool = False):
    """The page span holding needle's first occurrence (or first heading block equal to it)."""
    if heading:
        at = next((b.start for b in doc.blocks if doc.text[b.start : b.end] == needle), -1)
    else:
        at = doc.text.find(needle)
    assert at >= 0, f"{needle!r} not in the parsed text"
    spans = [s for s in doc.pages if s.start <= at < s.end]
    assert len(spans) == 1
    assert at + len(needle) <= spans[0].end, f"{needle!r} crosses a page boundary"
    return spans[0]


def headings(doc: ParsedDocument) -> list[tuple[int, str]]:
    return [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "heading"]


# --- page numbers on one page -------------------------------------------------------------


@pytest.mark.parametrize(
    "lines, number, explicit",
    [
        (["Pagina 6 van 144 ", "Tekst van de pagina."], 6, True),
        (["Pagina 2/7 ", " ", "Artikel 3"], 2, True),
        (["Tekst.", "Programmabegroting 2026   Pagina 50 van 144"], 50, True),
        (["Tekst.", "page 3 of 9"], 3, True),
        (["12 ", " ", "Tekst van de pagina."], 12, False),
        (["Tekst van de pagina.", "- 4 -"], 4, False),
        (["Kop", "Tekst van de pagina.", "  ", "7"], 7, False),
        (["Tekst van de pagina.", "3/12"], 3, False),  # weak: needs agreeing pages
        (["Pagina 4 van 9 Gemeente Assen", "Tekst."], 4, True),
    ],
)
def test_page_number_found_in_header_or_footer(lines, number, explicit):
    found = page_number(lines)
    assert found is not None and (found.number, found.explicit) == (number, explicit)
    assert lines[found.line].strip()  # it points at the line that carries the number


@pytest.mark.parametrize(
    "lines",
    [
        ["Kop", "Alleen tekst.", "Nog meer tekst."],
        ["Kop", "Eerste regel", "2023", "Tweede regel", "Derde regel", "Slot"],  # mid-page
        ["Pagina 9 van 5", "Tekst."],  # number beyond the total
        ["Kop", "Tekst.", "Meer informatie vindt u op pagina 5"],  # a reference, no total
        ["In 2024 stijgt het tarief naar 2,40 euro per uur op pagina 5 van de nota en verder."],
    ],
)
def test_page_number_not_invented(lines):
    assert page_number(lines) is None


def test_lone_numbers_need_a_consistent_offset():
    # PDF pages 1-3 unnumbered, page 4 prints "1" ... page 8 prints "5" (printed = pdf - 3)
    pages = [["Omslag"], ["Tekst"], ["Inhoud"]] + [[f"{k} ", "Tekst."] for k in range(1, 6)]
    got = [p.number if p else None for p in printed_numbers(pages)]
    assert got == [None, None, None, 1, 2, 3, 4, 5]


def test_a_table_cell_at_the_foot_is_not_a_page_number():
    pages = [["Tekst.", f"{k}"] for k in range(1, 7)]
    pages[3] = ["Tabel", "Totaal 2023", "40"]  # physical 4 "prints" 40: offset disagrees
    got = [p.number if p else None for p in printed_numbers(pages)]
    assert got == [1, 2, 3, None, 5, 6]


def test_an_annex_numbered_from_one_again_keeps_its_labels():
    # 8 body pages print 1-8 (offset 1 after a cover), then a 3-page annex prints 1-3 again.
    pages = [["Omslag"]] + [[f"Tekst {k}.", str(k)] for k in range(1, 9)]
    pages += [[f"Bijlage tekst {k}.", str(k)] for k in range(1, 4)]
    got = [p.number if p else None for p in printed_numbers(pages)]
    assert got == [None, *range(1, 9), 1, 2, 3]


def test_numbers_that_never_agree_are_not_labels():
    pages = [["Tekst.", n] for n in ("7", "23", "4", "91")]
    assert printed_numbers(pages) == [None, None, None, None]


def test_explicit_page_of_is_trusted_on_two_pages():
    pages = [["Omslag zonder nummer"], ["Pagina 2/3 ", "Tekst"], ["Pagina 3/3 ", "Tekst"]]
    got = [p.number if p else None for p in printed_numbers(pages)]
    assert got == [None, 2, 3]


_WORDS = st.sampled_from(["Assen", "de", "raad", "parkeren", "2025", "12", "wonen", "€", "1.013"])
_LINE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    offset=st.integers(0, 5),
    n_body=st.integers(3, 12),
    top=st.booleans(),
    bodies=st.lists(st.lists(_LINE, min_size=3, max_size=8), min_size=12, max_size=12),
)
def test_printed_numbers_recover_any_offset(offset, n_body, top, bodies):
    # Unnumbered front pages, then body pages printing k at the top or the foot.
    pages = [[f"Omslag {chr(65 + i)}"] for i in range(offset)]
    for k in range(1, n_body + 1):
        body = [f"Unieke zin {k}.", *bodies[k - 1]]
        pages.append([str(k), *body] if top else [*body, f"- {k} -"])
    got = [p.number if p else None for p in printed_numbers(pages)]
    assert got[offset:] == list(range(1, n_body + 1))


@settings(max_examples=60, deadline=None)
@given(pages=st.lists(st.lists(_LINE, min_size=0, max_size=9), min_size=1, max_size=8))
def test_clean_pages_only_drops_whole_lines(pages):
    texts = ["\n".join(p) for p in pages]
    out, labels, _ = clean_pages(texts)
    assert len(out) == len(texts) == len(labels)
    for before, after in zip(texts, out, strict=True):
        rest = iter(before.split("\n"))
        assert all(line in rest for line in after.split("\n") if line)  # a subsequence


# --- headers and footers ------------------------------------------------------------------


def test_running_header_recurring_modulo_digits_is_furniture():
    pages = [
        ["Nota Parkeren 2024 | hoofdstuk 1", "Eerste alinea.", "Slot 1.", "x", "y", "z", "w"],
        ["Nota Parkeren 2024 | hoofdstuk 2", "Tweede alinea.", "Slot 2.", "x2", "y", "z", "w"],
        ["Nota Parkeren 2024 | hoofdstuk 3", "Derde alinea.", "Slot 3.", "x3", "y", "z", "w"],
    ]
    drop = furniture(pages)
    assert drop[0] >= {0} and all(0 in d for d in drop)
    # "Slot N." sits in the top zone of every page too (modulo digits): furniture as well.
    assert all(2 in d for d in drop)
    assert all(1 not in d for d in drop)  # the alinea lines differ: kept


def test_numbered_lines_atop_pages_are_not_furniture():
    # "Artikel 7" differs only in digits, but those digits are not the page's number.
    pages = [
        [f"Artikel {k + 6}", f"Tekst van artikel {k + 6}.", f"Lid {k + 2}."] for k in range(1, 5)
    ]
    assert furniture(pages) == [set(), set(), set(), set()]
    footers = [[f"Tekst {chr(64 + k)}.", f"Nota Parkeren | {k}"] for k in range(1, 5)]
    assert furniture(footers) == [{1}, {1}, {1}, {1}]


def test_clean_pages_removes_labels_and_furniture_keeps_body():
    texts = [
        "Omslag\nNota Parkeren",
        "Nota Parkeren Assen\nEerste alinea over parkeren.\n1",
        "Nota Parkeren Assen\nTweede alinea over fietsen.\n2",
        "Nota Parkeren Assen\nDerde alinea over tarieven.\n3",
    ]
    out, labels, printed = clean_pages(texts)
    assert labels == [None, "1", "2", "3"] and printed == [False, True, True, True]
    assert out[1] == "Eerste alinea over parkeren."
    assert out[0] == "Omslag\nNota Parkeren"  # not repeated on the page top: kept
    out2, labels2, _ = clean_pages(texts, ["i", "1", "2", "3"])  # /PageLabels win
    assert labels2 == ["i", "1", "2", "3"] and out2 == out


def test_chart_axis_ticks_are_dropped_data_labels_kept():
    axis = ["Figuur 2: Subsidie.", "0", "0,2", "0,4", "0,6", "0,8", "0%", "20%", "40%", "60%"]
    labels = ["Figuur 1: Aanvragen.", "23", "15", "11", "13", "16"]  # chart data: kept
    assert axis_ticks(axis) == set(range(1, 10))
    assert axis_ticks(labels) == set()
    out, _, _ = clean_pages(["\n".join(axis + labels)])
    assert out[0].split("\n") == ["Figuur 2: Subsidie.", *labels]


def test_word_bullets_ligatures_soft_hyphens_are_fixed():
    out, _, _ = clean_pages(["\uf0b7 We gaan bouwen.\n\uf0b7 We gaan wonen."])
    assert out[0] == "• We gaan bouwen.\n• We gaan wonen."
    out, _, _ = clean_pages(["De ﬁnanciële posi\xad\ntie is goed\x00.\nOnder\xadwijs"])
    assert out[0] == "De financiële posi-\ntie is goed.\nOnderwijs"


# --- outline, title, years ----------------------------------------------------------------


def test_set_off_bookmarks_isolates_and_joins_wrapped_heading():
    texts = [
        "Samenvatting \nIn deze rapportage staat veel.",
        "Tekst\nBijlage I - Werkwijze van de commissie bij de \nbeoordeling \nDe commissie werkt.",
    ]
    outline = [
        (1, "Samenvatting", 1),
        (1, "Bijlage I - Werkwijze van de commissie bij de beoordeling", 2),
    ]
    out = set_off_bookmarks(texts, outline)
    assert out[0] == "\nSamenvatting\n\nIn deze rapportage staat veel."
    assert "\n\nBijlage I - Werkwijze van de commissie bij de beoordeling\n\nDe commissie" in out[1]
    assert "".join(out[1].split()) == "".join(texts[1].split())  # only whitespace changed


def test_outline_is_used_only_when_it_has_more_than_the_title():
    assert not useful_outline([(1, "Parkeerverordening 2025", 1)], "Parkeerverordening 2025", 7)
    three = [(1, "Fiche 5", 1), (1, "a) Consequenties", 10), (1, "b) Financieel", 10)]
    assert not useful_outline(three, "Fiche 5", 15)
    rif = [(1, f"{k}. Hoofdstuk", k) for k in range(1, 6)]
    assert useful_outline(rif, "Rapport", 59)


def test_choose_title_distrusts_metadata_not_shown_on_the_page():
    first = "Pagina 1 van 15\nFiche 5: Herziening verordening markten\n1. Algemene gegevens"
    outline = [(1, "Fiche 5: Herziening verordening markten", 1)]
    assert choose_title("f.pdf", "Toelichting invullen fiche", outline, first, ("", "")) == (
        "Fiche 5: Herziening verordening markten"
    )
    assert choose_title("f.pdf", "Herziening verordening", [], first, ("", "")) == (
        "Herziening verordening"
    )
    onderwerp = (
        "raadsvoorstel\nOnderwerp: \nHet vaststellen van de lijst van stukken. \nVergadering:"
    )
    assert (
        choose_title("x.pdf", "", [], onderwerp, ("", ""))
        == "Het vaststellen van de lijst van stukken"
    )
    cover = ("Omzien naar elkaar, vooruitkijken", "Coalitieakkoord 2021 – 2025")
    assert choose_title("c.pdf", "", [(1, "Samenvatting", 3)], "tekst", cover) == (
        "Omzien naar elkaar, vooruitkijken – Coalitieakkoord 2021 – 2025"
    )
    assert choose_title("nota_parkeren-2024.pdf", "", [], "", ("", "")) == "Nota parkeren 2024"


def test_years_and_doc_type():
    assert years("Coalitieakkoord 2021 – 2025", "coalitieakkoord_2021.pdf") == (2021, 2025)
    assert years("Fiche 5: Herziening", "bnc_fiche_mifid.pdf") == (None, None)
    assert years("Zonder jaar", "begroting-2026.pdf") == (2026, 2026)
    assert doc_type("bnc_fiche_mifid.pdf", "Herziening verordening") == "fiche"
    assert doc_type("x.pdf", "Parkeerverordening 2025") == "verordening"
    assert doc_type("x.pdf", "Iets anders") is None


# --- generated PDFs with known content ----------------------------------------------------


def test_generated_nota_printed_one_is_physical_three(tmp_path):
    doc = parse_pdf(write_pdf(nota(n_cover=2, n_body=3), tmp_path / "nota_parkeren.pdf"))
    assert doc.n_pages == 5
    assert [(s.page, s.label) for s in doc.pages] == [
        (1, None),
        (2, None),
        (3, "1"),
        (4, "2"),
        (5, "3"),
    ]
    span = span_of(doc, "De raad vroeg om een nieuwe nota over parkeren.")
    assert (span.page, span.label, span.exact) == (3, "1", True)
    span = span_of(doc, "2,40 euro per uur")
    assert (span.page, span.label) == (5, "3")
    body = doc.text[doc.pages[2].start :]
    assert "Nota Parkeren" not in body  # running header removed (the cover keeps its title)
    for s in doc.pages[2:]:
        assert not doc.text[s.start : s.end].rstrip().endswith(s.label)  # footer number removed
    assert doc.title == "Nota Parkeren Assen 2024-2028"
    assert (doc.year_from, doc.year_to) == (2024, 2028)
    found = [t for _, t in headings(doc)]
    for h in ("1. Inleiding", "2. Parkeren in de binnenstad", "2.1 Tarieven"):
        assert h in found


def test_generated_pagina_van_header_is_label_and_removed(tmp_path):
    pages = tuple(
        FakePage(header=f"Pagina {k} van 4", lines=(f"Dit is de tekst op blad {'ABCD'[k - 1]}.",))
        for k in range(1, 5)
    )
    doc = parse_pdf(write_pdf(FakePdf(pages=pages), tmp_path / "brief.pdf"))
    assert [s.label for s in doc.pages] == ["1", "2", "3", "4"]
    assert "Pagina" not in doc.text
    assert span_of(doc, "blad C.").page == 3


def test_generated_page_labels_win_and_outline_gives_sections(tmp_path):
    spec = dataclasses.replace(
        nota(n_cover=2, n_body=5),
        page_labels=((1, "/r", 1), (3, "/D", 1)),
        outline=(
            (1, "1. Inleiding", 3),
            (1, "2. Parkeren in de binnenstad", 4),
            (2, "2.1 Tarieven", 5),
            (1, "3. Fietsparkeren", 6),
            (1, "4. Uitvoering", 7),
        ),
        meta_title="Nota Parkeren",
    )
    path = write_pdf(spec, tmp_path / "nota.pdf")
    pdf = read_pdf(path)
    assert pdf.label_source == "PageLabels"
    assert pdf.labels == ("i", "ii", "1", "2", "3", "4", "5")
    assert pdf.outline[2] == (2, "2.1 Tarieven", 5)
    assert pdf.title == "Nota Parkeren"  # the metadata title is on page 1: trusted
    doc = parse_pdf(path)
    assert (1, "2. Parkeren in de binnenstad") in headings(doc)
    assert (2, "2.1 Tarieven") in headings(doc)
    span = span_of(doc, "500 extra plekken")
    assert (span.page, span.label) == (6, "4")


def test_generated_trivial_page_labels_leave_printed_numbers_in_charge(tmp_path):
    # /PageLabels saying 1, 2, 3, ... add nothing: the printed "1" on physical 3 decides.
    spec = dataclasses.replace(nota(n_cover=2, n_body=3), page_labels=((1, "/D", 1),))
    pdf = read_pdf(write_pdf(spec, tmp_path / "nota.pdf"))
    assert pdf.label_source == "printed"
    assert pdf.labels == (None, None, "1", "2", "3")


def test_generated_page_without_text_is_a_warning(tmp_path):
    spec = nota(n_cover=1, n_body=4)
    pages = list(spec.pages)
    pages.insert(3, FakePage(image_only=True))
    doc = parse_pdf(write_pdf(FakePdf(pages=tuple(pages)), tmp_path / "met_kaart.pdf"))
    assert doc.n_pages == 6
    assert any("page" in w and "4" in w and "no text" in w for w in doc.warnings)
    assert span_of(doc, "500 extra plekken").page == 6


# --- bad input ----------------------------------------------------------------------------


def _raises(path: Path, *parts: str) -> str:
    with pytest.raises(IngestError) as err:
        parse_pdf(path)
    msg = str(err.value)
    assert path.name in msg
    for part in parts:
        assert part in msg, msg
    return msg


def test_encrypted_with_password_is_refused_with_a_fix(tmp_path):
    spec = dataclasses.replace(nota(), user_password="geheim")
    _raises(write_pdf(spec, tmp_path / "geheim.pdf"), "encrypted", "qpdf --decrypt")


def test_encrypted_with_empty_password_opens(tmp_path):
    spec = dataclasses.replace(nota(), user_password="")
    doc = parse_pdf(write_pdf(spec, tmp_path / "beveiligd.pdf"))
    assert span_of(doc, "De raad vroeg om een nieuwe nota").label == "1"


def test_truncated_pdf_is_corrupt(tmp_path, capsys):
    data = write_pdf(nota(), tmp_path / "heel.pdf").read_bytes()
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(data[: len(data) // 2])
    _raises(bad, "corrupt or unreadable", "again")
    assert "EOF marker" not in capsys.readouterr().err  # pypdf's log does not leak out


def test_empty_file_no_pdf_header_no_pages_missing(tmp_path):
    empty = tmp_path / "leeg.pdf"
    empty.write_bytes(b"")
    _raises(empty, "empty (0 bytes)")
    text = tmp_path / "tekst.pdf"
    text.write_text("Dit is geen PDF maar platte tekst.\n")
    _raises(text, "not a PDF")
    from pypdf import PdfWriter

    zero = tmp_path / "nul.pdf"
    with open(zero, "wb") as f:
        PdfWriter().write(f)
    _raises(zero, "no pages")
    _raises(tmp_path / "bestaat-niet.pdf", "cannot be read")


def test_image_only_pdf_has_no_text_layer(tmp_path):
    spec = FakePdf(pages=(FakePage(image_only=True), FakePage(image_only=True)))
    _raises(write_pdf(spec, tmp_path / "scan.pdf"), "no text layer (scanned?)", "ocrmypdf")
    stamp = "Openbaar gemaakt op grond van de Woo, kenmerk 2024-0117"  # typed on every page
    spec = FakePdf(pages=tuple(FakePage(image_only=True, header=stamp) for _ in range(3)))
    _raises(write_pdf(spec, tmp_path / "woo_scan.pdf"), "no text layer (scanned?)")


# --- the real fixture PDFs (pages verified by hand) ---------------------------------------


@pytest.fixture(scope="module")
def fixture_docs() -> dict[str, ParsedDocument]:
    folder = require_shared(SHARED_PDF)
    names = (
        "coalitieakkoord_2021",
        "bnc_fiche_mifid",
        "heerlen_parkeerverordening_2025",
        "heerlen_raadsvoorstel_2025",
        "rif_monitor_2023",
    )
    return {n: parse_pdf(folder / f"{n}.pdf") for n in names}


def test_fixture_coalitieakkoord_printed_one_is_pdf_four(fixture_docs):
    doc = fixture_docs["coalitieakkoord_2021"]
    assert [s.label for s in doc.pages[:5]] == [None, None, None, "1", "2"]
    span = span_of(doc, "De democratische rechtsorde is het fundament van onze samenleving.")
    assert (span.page, span.label, span.exact) == (4, "1", True)
    span = span_of(doc, "Klimaatverandering is dé uitdaging voor onze generatie")
    assert (span.page, span.label) == (9, "6")
    span = span_of(doc, "Caribisch Nederland 31 41 46 30 30")  # budget annex
    assert (span.page, span.label) == (48, "45")
    assert doc.title.startswith("Omzien naar elkaar, vooruitkijken naar de toekomst")
    assert (doc.year_from, doc.year_to) == (2021, 2025)


def test_fixture_bnc_pagina_van_removed_and_used(fixture_docs):
    doc = fixture_docs["bnc_fiche_mifid"]
    assert [s.label for s in doc.pages] == [str(k) for k in range(1, 16)]
    assert "Pagina " not in doc.text and "van 15" not in doc.text
    span = span_of(doc, "De Commissie stelt als juridische basis voor het voorstel artikel 53")
    assert (span.page, span.label) == (9, "9")
    assert doc.title.startswith("Fiche 5: Herziening verordening")  # not the wrong /Title
    chapters = [t for _, t in headings(doc) if t[:2] in {f"{k}." for k in range(1, 9)}]
    assert "2. Essentie voorstel" in chapters  # numbered sections, as the outline is not used
    assert "4. Beoordeling bevoegdheid, subsidiariteit en proportionaliteit" in chapters
    # a chapter title wrapped over two lines is one heading
    assert ("5. Financiële consequenties, gevolgen voor regeldruk, concurrentiekracht en "
            "geopolitieke aspecten") in chapters
    assert [t[:2] for t in chapters] == [f"{k}." for k in range(1, 9)]


def test_fixture_heerlen_pagina_n_of_seven_page_one_unlabelled(fixture_docs):
    doc = fixture_docs["heerlen_parkeerverordening_2025"]
    assert [s.label for s in doc.pages] == [None, "2", "3", "4", "5", "6", "7"]
    assert "Pagina " not in doc.text
    span = span_of(doc, "AFDELING III VERBODSBEPALINGEN")
    assert (span.page, span.label) == (5, "5")
    assert span_of(doc, "AFDELING I DEFINITIES").page == 1
    assert doc.doc_type == "verordening" and doc.year_from == 2025
    raad = fixture_docs["heerlen_raadsvoorstel_2025"]
    assert [s.label for s in raad.pages] == [None, "2", "3"]
    assert raad.title.startswith("Het vaststellen van de lijst van Ingekomen Stukken")


def test_fixture_rif_outline_sections_resolve_to_pages(fixture_docs):
    doc = fixture_docs["rif_monitor_2023"]
    heads = {t: b for b in doc.blocks if b.kind == "heading" for t in [doc.text[b.start : b.end]]}
    expect = {  # bookmark -> physical page, checked in the PDF
        "Samenvatting": 3,
        "1. Inleiding": 5,
        "2.3 Budgetverdeling en financiële kengetallen": 10,
        "3.1.1 Entree-opleiding": 16,
        "Bijlage I - Werkwijze van de commissie bij de beoordeling": 32,
    }
    for title, page in expect.items():
        assert title in heads, title
        assert span_of(doc, title, heading=True).page == page
    assert heads["2.3 Budgetverdeling en financiële kengetallen"].level == 2
    assert heads["3.1.1 Entree-opleiding"].level == 3
    span = span_of(doc, "66.261.029,00€")
    assert (span.page, span.label) == (11, "11")
    assert "8. Financiering" not in heads  # a numbered line inside Bijlage I, not a chapter


def test_fixture_scan_has_no_text_layer():
    path = require_shared(SHARED_PDF / "lnv_nota_scan.pdf")
    msg = _raises(path, "has no text layer (scanned?)", "ocrmypdf in.pdf out.pdf")
    assert msg.startswith("lnv_nota_scan.pdf")


def chunk_with(doc: ParsedDocument, needle: str):
    from ingest.chunking import chunk_document

    found = [c for c in chunk_document(doc) if needle in c.text]
    assert found, f"no chunk holds {needle!r}"
    return found[0]


def assert_cites(chunk, page: int, offset: int) -> None:
    """The chunk's page range holds page, and its label is its first page's printed number."""
    assert chunk.page.start <= page <= chunk.page.end, chunk.page
    assert chunk.page.label == str(chunk.page.start - offset) and chunk.page.exact


def test_fixture_chunks_cite_physical_page_and_printed_label(fixture_docs):
    docs = fixture_docs
    c = chunk_with(docs["coalitieakkoord_2021"], "De democratische rechtsorde is het fundament")
    assert_cites(c, 4, offset=3)  # printed "1" is PDF page 4
    assert_cites(chunk_with(docs["coalitieakkoord_2021"], "Caribisch Nederland 31 41 46"), 48, 3)
    assert_cites(
        chunk_with(docs["bnc_fiche_mifid"], "De Commissie stelt als juridische basis"), 9, 0
    )
    c = chunk_with(docs["heerlen_parkeerverordening_2025"], "Het is verboden gedurende de tijden")
    assert_cites(c, 5, offset=0)
    from ingest.chunking import chunk_document

    for name in ("bnc_fiche_mifid", "heerlen_parkeerverordening_2025"):
        assert not any("Pagina " in ch.text for ch in chunk_document(docs[name]))


def test_fixture_rif_chunk_section_path_comes_from_the_outline(fixture_docs):
    c = chunk_with(fixture_docs["rif_monitor_2023"], "66.261.029,00€")
    assert c.section == ("2. Aanvraagfase", "2.3 Budgetverdeling en financiële kengetallen")
    assert c.page.start <= 11 <= c.page.end
    c = chunk_with(fixture_docs["rif_monitor_2023"], "In RIF-2 is ervoor gekozen dat")
    assert c.section == (
        "Bijlage I - Werkwijze van de commissie bij de beoordeling",
        "1.2 Werkwijze commissie bij de voortgangsrapportages",
    )
    assert (c.page.start, c.page.label) == (33, "33")


def test_ingest_command_takes_good_pdfs_and_names_the_bad_ones(tmp_path, capsys):
    from app.cli import main

    folder = tmp_path / "pdfs"
    folder.mkdir()
    write_pdf(nota(), folder / "nota_parkeren.pdf")
    write_pdf(FakePdf(pages=(FakePage(image_only=True),)), folder / "scan.pdf")
    write_pdf(dataclasses.replace(nota(), user_password="geheim"), folder / "geheim.pdf")
    (folder / "leeg.pdf").write_bytes(b"")
    assert main(["ingest", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "1 document ingested, 3 skipped" in out
    for reason in ("has no text layer", "encrypted with a password", "empty (0 bytes)"):
        assert reason in out
    assert main(["chunks", "--doc", "nota_parkeren.pdf"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    first = next(r for r in rows if "De raad vroeg" in r["text"])
    assert (first["page_start"], first["page_label"], first["page_exact"]) == (3, "1", True)
    assert main(["ingest", str(folder / "scan.pdf")]) == 1  # nothing could be ingested


def test_a_decompression_bomb_is_reported_as_such_not_as_a_scan(tmp_path):
    """Issue 12: pypdf's decompression limit, swallowed by extract_text(), is named."""
    from test_uploads import bomb_pdf

    from ingest.pdf import parse_pdf

    path = tmp_path / "bom.pdf"
    path.write_bytes(bomb_pdf())
    with pytest.raises(IngestError, match="decompression bomb") as info:
        parse_pdf(path)
    assert "scanned" not in str(info.value) and "bom.pdf" in str(info.value)
