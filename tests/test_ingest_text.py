"""Text exports: hyphen repair, paragraphs, footer-derived pages, bad input, and the
normaliser property (no raw text lost or duplicated)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.layout import RawPage, normalise, page_at, raw_text
from ingest.model import IngestError
from ingest.text import parse_text, split_pages, title_from_name


def norm(*pages: str) -> str:
    return normalise([RawPage(p, i + 1, None, True) for i, p in enumerate(pages)]).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mensen oog heb-\nben voor elkaar.", "mensen oog hebben voor elkaar."),
        ("Kloosterveen en Stads-\nkwartier breiden uit.", "Kloosterveen en Stadskwartier breiden uit."),
        ("Met het Zorg-\nen welzijnsloket.", "Met het Zorg- en welzijnsloket."),
        ("voldoende sport- \nen cultuuraanbod.", "voldoende sport- en cultuuraanbod."),
        ("de jaren 2026-\n2029 zijn krap.", "de jaren 2026-2029 zijn krap."),
        ("werklandschap Assen-\nZuid groeit.", "werklandschap Assen-Zuid groeit."),
        ("minder CO2-\nuitstoot.", "minder CO2-uitstoot."),
        ("Vrz pensioen (oud-\n)bestuurders 12 14", "Vrz pensioen (oud-)bestuurders 12 14"),
        ("financieel perspectief 2024-\n\n2027 is vertaald.", "financieel perspectief 2024-2027 is vertaald."),
    ],
)
def test_hyphen_at_line_end(raw, expected):
    assert norm(raw) == expected


def test_hyphen_kept_when_the_document_writes_the_word_with_a_hyphen():
    raw = "De Wmo-consulent helpt.\n\nHulp bij Wmo-\nbegeleiding groeit."
    assert "Wmo-begeleiding" in norm(raw)


def test_hyphen_repaired_across_a_page_break_and_pages_split_inside_the_word():
    pages = [RawPage("Effect Cao Ge-", 7, "7", True), RawPage("meenten 2025 is groot.", 8, "8", True)]
    n = normalise(pages)
    assert n.text == "Effect Cao Gemeenten 2025 is groot."
    from ingest.layout import _page_spans

    spans = _page_spans(n, pages)
    assert page_at(spans, n.text.index("Ge")).page == 7
    assert page_at(spans, n.text.index("meenten")).page == 8


def test_wrapped_lines_join_and_bullets_and_rows_stay_lines():
    raw = (
        "Dit is een lange zin die \nover twee regels loopt.\n\nTweede alinea.\n\n"
        "• eerste punt\n\n• tweede punt\n\n"
        "Tabel Reserves (bedragen x € 1.000)\n\nOmschrijving Begroting \n2026 \n\nMJP 2027\n\n"
        "Algemene reserve 60.693 45.150\n\nInvesteringsfonds 6.530 3.030\n"
    )
    n = normalise([RawPage(raw, 1, None, True)])
    kinds = [(b.kind, n.text[b.start:b.end]) for b in n.blocks]
    assert kinds == [
        ("paragraph", "Dit is een lange zin die over twee regels loopt."),
        ("paragraph", "Tweede alinea."),
        ("list_item", "• eerste punt"),
        ("list_item", "• tweede punt"),
        ("table_caption", "Tabel Reserves (bedragen x € 1.000)"),
        ("table_header", "Omschrijving Begroting 2026 MJP 2027"),
        ("table_row", "Algemene reserve 60.693 45.150"),
        ("table_row", "Investeringsfonds 6.530 3.030"),
    ]
    assert len({b.table for b in n.blocks if b.table is not None}) == 1


def test_a_sentence_broken_by_a_blank_line_is_one_paragraph():
    raw = "- Een overzicht van beleidsdoelen vindt u \n\nin de programma's en de paragrafen.\n"
    assert norm(raw) == "- Een overzicht van beleidsdoelen vindt u in de programma's en de paragrafen."


def test_wrapped_table_label_joins_its_numbers():
    raw = ("Tabel Eindstand (bedragen x € 1.000)\n\nOnderwerp Begroting 2026 MJP 2027\n\n"
           "Extra kostenontwikkeling sociaal domein (Jeugdzorg + \nWmo) \n\n-4.330 -4.439\n\n"
           "Vorming Stichting GKB -147 -150\n")
    n = normalise([RawPage(raw, 1, None, True)])
    rows = [n.text[b.start:b.end] for b in n.blocks if b.kind == "table_row"]
    assert rows == ["Extra kostenontwikkeling sociaal domein (Jeugdzorg + Wmo) -4.330 -4.439",
                    "Vorming Stichting GKB -147 -150"]


# -- the real corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def begroting():
    return parse_text(CORPUS / "programmabegroting-2026.txt")


def test_corpus_hyphen_repair(begroting):
    t = begroting.text
    assert "mensen oog hebben voor elkaar" in t
    assert "Kloosterveen en Stadskwartier breiden uit" in t
    assert "heb- ben" not in t and "heb-ben" not in t
    assert "2026-2029" in t
    assert "Effect Cao Gemeenten" in t or "(effect Cao Gemeenten 2025-2027)" in t


def _page_of(doc, needle: str):
    return page_at(doc.pages, doc.text.index(needle))


def test_footer_pages_are_exact_and_footers_leave_the_text(begroting):
    assert "Pagina 12 van 144" not in begroting.text
    assert begroting.n_pages == 144
    span = _page_of(begroting, "Baten -38.537 -39.568")  # first row after the "Pagina 12" footer
    assert (span.page, span.label, span.exact) == (12, "12", True)
    # one-space lines between the footers of pages 6 and 12 agree with them: exact pages 7..11
    span = _page_of(begroting, "Hoofdlijnen 4. Financiële vooruitzichten")
    assert span.exact and 7 <= span.page <= 11
    # between the footers of pages 12 and 50 the evidence does not agree: estimates
    span = _page_of(begroting, "1.1.b Tweede fase uitbreiding Kloosterveen")
    assert not span.exact and 12 < span.page < 50


def test_pages_cover_the_text_in_order(begroting):
    spans = begroting.pages
    assert spans[0].start == 0 and spans[-1].end == len(begroting.text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))
    numbers = [s.page for s in spans]
    assert numbers == sorted(numbers) and numbers[-1] == 144


def test_no_footers_gives_estimates_only():
    doc = parse_text(CORPUS / "raadsvoorstel-economische-agenda-2026-2030.txt")
    assert doc.pages and not any(s.exact for s in doc.pages)
    assert doc.pages[0].page == 1


def test_no_page_evidence_means_unknown_pages(tmp_path):
    f = tmp_path / "notitie.txt"
    f.write_text("Korte notitie\n\nGeen paginanummers in dit bestand.\n", encoding="utf-8")
    doc = parse_text(f)
    assert [s.page for s in doc.pages] == [None]
    assert any("pages unknown" in w for w in doc.warnings)


def test_form_feeds_give_exact_pages(tmp_path):
    f = tmp_path / "nota-2025.txt"
    f.write_text("Eerste pagina tekst.\fTweede pagina tekst.\fDerde pagina tekst.\f", encoding="utf-8")
    doc = parse_text(f)
    assert [(s.page, s.exact) for s in doc.pages] == [(1, True), (2, True), (3, True)]
    assert _page_of(doc, "Derde").page == 3


def test_footers_with_matching_page_starts_between_them_are_exact():
    text = "\n".join([
        " Nota 2025   Pagina 2 van 4 ", "tekst op pagina twee.", "",
        " Kop op pagina drie", "tekst op pagina drie.", "",
        " Nota 2025   Pagina 4 van 4 ", "tekst op pagina vier.",
    ])
    pages, n_pages, _ = split_pages(text)
    assert n_pages == 4
    assert [(p.number, p.exact) for p in pages] == [(2, True), (3, True), (4, True)]
    assert "Pagina" not in "".join(p.text for p in pages)


def test_title_and_years_from_the_file_name():
    assert title_from_name(Path("programmabegroting-2026.txt"))[:3] == ("Programmabegroting 2026", 2026, 2026)
    assert title_from_name(Path("bestuursakkoord-2022-2026.txt"))[:3] == (
        "Bestuursakkoord 2022-2026", 2022, 2026)


def test_non_utf8_file_is_a_clear_error(tmp_path):
    f = tmp_path / "oud.txt"
    f.write_bytes("Financiële positie".encode("latin-1"))
    with pytest.raises(IngestError, match=r"oud\.txt.*UTF-8"):
        parse_text(f)


def test_empty_file_is_a_clear_error(tmp_path):
    f = tmp_path / "leeg.txt"
    f.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"leeg\.txt.*empty"):
        parse_text(f)


# -- property: the normaliser never loses or duplicates text ----------------------------------

_WORD = st.sampled_from([
    "de", "gemeente", "Assen", "Zorg-", "heb-", "ben", "2026-", "2029", "60.693", "-4.330", "•",
    "-", "Tabel", "(bedragen", "x", "€", "1.000)", "Begroting", "MJP", "1.1", "Wonen", "en",
    "WONEN", "Pagina", "€48,2", "t.b.v.", "(oud-", ")bestuurder", "CO2-", "uitstoot.", "1.", "a)",
])
_LINE = st.lists(_WORD, min_size=0, max_size=8).map(" ".join)
_SPACING = st.sampled_from(["", " ", "  ", "\t"])
_PAGE = st.lists(st.tuples(_SPACING, _LINE, _SPACING), max_size=12).map(
    lambda ls: "\n".join(a + line + b for a, line, b in ls))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE, min_size=1, max_size=4))
def test_normaliser_never_loses_or_duplicates_text(page_texts):
    pages = [RawPage(t, i + 1, None, True) for i, t in enumerate(page_texts)]
    raw = raw_text(pages)
    n = normalise(pages)
    used = [s for s in n.src if s >= 0]
    # every output character comes from the raw text, in order, at most once
    assert all(n.text[k] == raw[s] for k, s in enumerate(n.src) if s >= 0)
    assert all(a < b for a, b in zip(used, used[1:], strict=False))
    # every non-whitespace raw character is used, except hyphens removed at a line end
    missing = [k for k in range(len(raw)) if not raw[k].isspace() and k not in set(used)]
    for k in missing:
        assert raw[k] == "-"
        assert re.match(r"[ \t]*(\n|\f|$)", raw[k + 1:]) is not None, "only line-end hyphens go"
    # inserted characters are whitespace only
    assert all(n.text[k].isspace() for k, s in enumerate(n.src) if s < 0)
    # blocks lie inside the text, in order, without overlap
    ends = [(b.start, b.end) for b in n.blocks]
    assert all(0 <= a < z <= len(n.text) for a, z in ends)
    assert all(z1 <= a2 for (_, z1), (a2, _) in zip(ends, ends[1:], strict=False))


def test_exports_with_a_space_after_every_line_still_repair_broken_words():
    # omgevingsvisie style: every line ends with a space, also "omgevings- ", and a blank
    # line follows every line
    raw = ("U leest in deze omgevings- \n\nvisie wat voor stad Assen is. \n\n"
           "De zorg-, onderwijs-, overheids- \n\n, cultuur- en vrijetijdssector. \n\n"
           "Het beeld werken we uit in richtingge- \n\nvende principes. \n")
    assert norm(raw) == ("U leest in deze omgevingsvisie wat voor stad Assen is.\n\n"
                         "De zorg-, onderwijs-, overheids-, cultuur- en vrijetijdssector.\n\n"
                         "Het beeld werken we uit in richtinggevende principes.")


def test_corpus_omgevingsvisie_hyphen_repair():
    t = parse_text(CORPUS / "omgevingsvisie-2026.txt").text
    assert "in deze omgevingsvisie wat voor stad Assen" in t
    assert "omgevings- visie" not in t
    assert "TT-circuit" in t and "Noord-Nederland" in t
