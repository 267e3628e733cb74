"""Layout-based ingest of other bodies' PDFs (ingest/pdf_layout.py, pdf_headings.py,
pdf_tables.py, metadata.py): heading levels and paths, a heading atop a page starting its
chunk, table cells joined, image-only pages reported, metadata from the document.

Real PDFs from ../shared/fixtures/municipalities; facts checked by hand in the PDFs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED, require_shared

from ingest.chunking import chunk_document
from ingest.layout import page_at
from ingest.metadata import find_body, find_period, find_type, municipality_key
from ingest.pdf import parse_pdf

MUN = SHARED / "fixtures" / "municipalities"


@pytest.fixture(scope="module")
def mun_docs():
    require_shared(MUN)
    names = ["ggdflevoland_kadernota_2027", "denhelder_besluitenlijst_2015",
             "noordoostpolder_raadsmemo_2024", "almere_raadsvoorstel_2026"]
    return {n: parse_pdf(MUN / f"{n}.pdf") for n in names}


def _heads(doc):
    return [(b.level, doc.text[b.start:b.end], page_at(doc.pages, b.start).page)
            for b in doc.blocks if b.kind == "heading"]


def test_heading_levels_follow_the_layout(mun_docs):
    heads = _heads(mun_docs["ggdflevoland_kadernota_2027"])
    by_text = {t: (lvl, p) for lvl, t, p in heads}
    # 22 pt chapter titles over 11.5 pt bold sections
    assert by_text["1. Publieke gezondheid"] == (1, 5)
    assert by_text["1.1. Toezicht Kinderopvang en Wmo"][1] == 5
    assert by_text["1.1. Toezicht Kinderopvang en Wmo"][0] > 1
    # the running header repeating the chapter title in 9 pt on p6-7 is no heading
    assert [p for _, t, p in heads if t == "1. Publieke gezondheid"] == [5]
    # the printed table of contents on p2 is a source, not a section
    assert not [t for _, t, p in heads if p == 2]


def test_section_paths_on_known_pages(mun_docs):
    chunks = chunk_document(mun_docs["ggdflevoland_kadernota_2027"])
    on6 = [c for c in chunks if c.page.start == 6]
    assert any(c.section[:2] == ("1. Publieke gezondheid", "1.3. Algemene gezondheidszorg")
               for c in on6)
    memo = chunk_document(mun_docs["noordoostpolder_raadsmemo_2024"])
    assert any("Inleiding" in c.section and c.page.start == 1 for c in memo)


def test_plain_sub_headings_from_white_space_and_a_lone_bullet(mun_docs):
    """Memo p2: "Plan met vervolgstappen ..." is set in body type but stands alone with white
    space above; "• Inrichting Netwerkbureau" is a single bullet whose paragraph starts at the
    margin left of it. Both are headings, the bulleted one below the plain one, bullet-free."""
    doc = mun_docs["noordoostpolder_raadsmemo_2024"]
    chunks = chunk_document(doc)
    held = [c for c in chunks if "De rollen rond monitoring" in c.text]
    assert held and all(c.section[-3:] == ("Ontwikkelingen",
                                            "Plan met vervolgstappen IZA traject Flevoland",
                                            "Inrichting Netwerkbureau") for c in held)
    # the Word bookmark holding a whole paragraph is no heading
    assert all(len(t) <= 200 for _, t, _ in _heads(doc))
    # an ordinary bullet item (its text goes on under the bullet) stays text
    assert not any("Het Integraal Zorgakkoord" in t for _, t, _ in _heads(doc))


def test_a_bold_list_item_after_a_bullet_glyph_is_no_heading():
    require_shared(MUN)
    doc = parse_pdf(MUN / "almere_beleidsnota_2024.pdf")
    heads = [t for _, t, _ in _heads(doc)]
    assert "2. Versterken wat er is" in heads
    assert not any(t.lstrip("• ").startswith("Verschillende programma") for t in heads)


def test_bold_body_size_wrapped_headings_are_one_heading(mun_docs):
    heads = [t for _, t, _ in _heads(mun_docs["denhelder_besluitenlijst_2015"])]
    assert ("9. Voorstel met betrekking tot rapport Rekenkamercommissie Den Helder "
            "Evalueerbaarheid van beleid.") in heads
    assert "16. Motie met betrekking tot de herverdeling van taken onder de wethouders." in heads


def test_a_heading_atop_a_page_starts_its_chunk(mun_docs):
    for doc in mun_docs.values():
        chunks = chunk_document(doc)
        starts = {c.start for c in chunks}
        for b in doc.blocks:
            if b.kind != "heading":
                continue
            span = page_at(doc.pages, b.start)
            if doc.text[span.start:b.start].strip():
                continue  # not the first thing on its page
            holder = next(c for c in chunks if c.start <= b.start < c.end)
            # the chunk starts with this heading, or with headings right above it
            assert holder.start in starts and not any(
                x.kind != "heading" and holder.start <= x.start < b.start for x in doc.blocks
            ), (doc.name, doc.text[b.start:b.end])
            assert holder.page.start == span.page


def test_metadata_from_the_document(mun_docs):
    k = mun_docs["ggdflevoland_kadernota_2027"]
    assert (k.body, k.year_from, k.year_to, k.doc_type) == ("GGD Flevoland", 2027, 2027, "kadernota")
    assert k.title == "Kadernota 2027"
    d = mun_docs["denhelder_besluitenlijst_2015"]
    assert d.body == "Gemeente Den Helder" and d.doc_type == "besluitenlijst"
    assert d.title.startswith("Besluitenlijst raadsvergadering 29 juni 2015")  # not the wrong /Title
    n = mun_docs["noordoostpolder_raadsmemo_2024"]
    assert n.body == "Gemeente Noordoostpolder" and n.year_from == 2024
    assert n.title.startswith("Informeren over de ontwikkelingen van het Integraal Zorgakkoord")
    a = mun_docs["almere_raadsvoorstel_2026"]
    assert (a.body, a.doc_type, a.year_from) == ("Gemeente Almere", "raadsvoorstel", 2026)
    chunks = chunk_document(a)
    assert {c.municipality for c in chunks} == {"almere"} and chunks[0].body == "Gemeente Almere"


@pytest.mark.parametrize("title, first, name, period", [
    ("Begroting 2026", "Begroting 2026 en meerjarenraming 2027-2029\nInhoud", "b.pdf", (2026, 2029)),
    ("Coalitieakkoord 2018-2022", "", "c.pdf", (2018, 2022)),
    ("Omzien naar elkaar", "Omzien naar elkaar\nCoalitieakkoord 2021 – 2025\n15 december 2021",
     "c.pdf", (2021, 2025)),
    ("Voorstel aan de raad", "Almere, 19 februari 2026", "x.pdf", (2026, 2026)),
    ("Nota", "", "nota_2019.pdf", (2019, 2019)),
    ("Nota", "", "nota.pdf", (None, None)),
])
def test_period(title, first, name, period):
    assert find_period(title, first, name) == period


def test_body_is_the_body_named_most_never_a_default():
    pages = ["Provincie Overijssel\nOmgevingsvisie", "De gemeente Zwolle en de gemeente Deventer "
             "werken samen met Provincie Overijssel.", "Provincie Overijssel stelt vast."]
    assert find_body(pages) == "Provincie Overijssel"
    assert find_body(["Een tekst zonder naam van een overheid."]) == ""
    assert municipality_key("Gemeente Den Helder") == "den-helder"
    assert municipality_key("Provincie Overijssel") == "provincie-overijssel"
    assert find_type("Statenvoorstel Windenergie", "x.pdf") == "statenvoorstel"
    assert find_type("Omgevingsvisie Wassenaar 2040") == "omgevingsvisie"
    assert find_type("Fiche 5: Herziening verordening markten") == "fiche"  # named first
    assert find_type("Programmabegroting 2026") == "begroting"


def test_assen_text_exports_name_assen_from_their_text():
    from conftest import CORPUS

    from ingest.text import parse_text

    for f in sorted(Path(CORPUS).glob("*.txt")):
        doc = parse_text(f)
        assert doc.body == "Gemeente Assen", f.name
        assert {c.municipality for c in chunk_document(doc)} == {"assen"}


def test_table_row_with_wrapped_cells_is_kept_whole_with_its_header():
    from ingest.pdf_tables import cell

    assert cell("Hogere huisves-\ntingskosten") == "Hogere huisvestingskosten"
    assert cell("Vraaguitval RAV\nFlevoland") == "Vraaguitval RAV Flevoland"
    doc = parse_pdf(require_shared(MUN / "ggdflevoland_begroting_2026.pdf"))
    # p19: the label of this row wraps over two lines in the PDF; pypdf alone broke the row
    row = ("Aantal plaatsingen dak- en thuislozen binnen maatschappelijke opvang Flevoland "
           "(nachtopvang, slaaphuis en housing first) | 2023 realisatie: 348 | "
           "2024 realisatie: 348 | 2025 begroting: 350 | 2026 begroting: 350")
    at = doc.text.find(row)
    assert at >= 0
    assert page_at(doc.pages, at).page == 19
    assert "Indicator | 2023 realisatie | 2024 realisatie" in doc.text[at - 400:at]
    held = [c for c in chunk_document(doc) if c.start <= at and at + len(row) <= c.end]
    assert held and held[0].page.start == 19


def test_image_only_page_is_reported_and_never_cited(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    pdf = FPDF(format="A4", unit="mm")
    for n in range(1, 5):
        pdf.add_page()
        if n == 3:  # a tariff table pasted as a picture
            pdf.image(Image.new("RGB", (400, 500), (200, 200, 200)), x=15, y=20, w=180, h=240)
            continue
        pdf.set_font("Helvetica", style="B", size=16)
        pdf.set_xy(20, 20)
        pdf.cell(0, 10, f"{n}. Hoofdstuk {n}")
        pdf.set_font("Helvetica", size=11)
        for k in range(12):
            pdf.set_xy(20, 40 + 7 * k)
            pdf.cell(0, 6, f"De gemeente Voorbeeldstad werkt in hoofdstuk {n} aan regel {k}.")
    path = tmp_path / "nota.pdf"
    pdf.output(str(path))
    store = ChunkStore(tmp_path / "store")
    report = ingest_paths([path], store, progress=False)
    (doc,) = report.documents
    assert doc.image_pages == (3,)
    assert report.to_dict()["documents"][0]["image_pages"] == [3]
    assert "image-only pages, not searchable (OCR needed): nota.pdf p. 3" in report.summary()
    from app.commands.ingest_cmd import format_report

    assert "p. 3: afbeelding zonder tekst (tabel?), niet doorzoekbaar; OCR nodig" in format_report(report)
    assert store.record("nota.pdf").image_pages == (3,)
    assert all(c.page.start != 3 for c in store.chunks("nota.pdf"))
    assert store.record("nota.pdf").body == "Gemeente Voorbeeldstad"
    assert report.to_dict()["documents"][0]["body"] == "Gemeente Voorbeeldstad"


def test_structure_eval_scores_section_chapter_and_page(tmp_path):
    import json

    from eval.structure import evaluate_structure, load_structure_set, structure_table
    from ingest.pipeline import ingest_paths
    from ingest.store import ChunkStore

    words = " ".join(f"woord{i}" for i in range(60))
    text = (f"1. Wonen\n\n1.1 Bouwen\n\nDe gemeente Teststad bouwt 500 huizen. {words}.\n\f"
            f"2. Werken\n\nDe haven van Teststad groeit met tien banen. {words}.\n")
    (tmp_path / "nota-2025.txt").write_text(text, encoding="utf-8")
    store = ChunkStore(tmp_path / "store")
    ingest_paths([tmp_path / "nota-2025.txt"], store, progress=False)
    gold = [
        {"id": "a", "doc": "nota-2025.txt", "page": 1, "page_label": "1",
         "section": "1. Wonen > 1.1 Bouwen", "evidence": ["bouwt 500 huizen"]},
        {"id": "b", "doc": "nota-2025.txt", "page": 2, "page_label": "2",
         "section": "1. Wonen > 1.1 Bouwen", "evidence": ["groeit met tien banen"]},
        {"id": "c", "doc": None, "page": None, "page_label": None, "section": None, "evidence": []},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    result = evaluate_structure(load_structure_set(path), store)
    assert (result.score("section"), result.score("chapter"), result.score("page")) == (0.5, 0.5, 1.0)
    assert result.to_dict()["failures"][0]["cited_section"] == ["2. Werken"]
    assert "Gemeente Teststad" in structure_table(result)


def _plain_layout_pdf(path: Path) -> Path:
    """Three bold numbered chapters; under the first a title in body type with white space
    above (a plain sub-heading), a list of short name lines, and a one-line sentence."""
    from fpdf import FPDF

    para = ("De gemeente werkt samen met partners in de wijk aan een sterke sociale basis. "
            "Daarbij staan de vragen van inwoners centraal en kijken we wat er nodig is. ") * 3
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()  # a cover: its title is the document's, not a chapter
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 12, "Wijkagenda 2026", new_x="LMARGIN", new_y="NEXT")
    for n, chapter in enumerate(("Inleiding", "Aanpak", "Financien"), start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 8, f"{n}. {chapter}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
        if n == 1:
            pdf.ln(5)
            pdf.cell(0, 5, "Plan van aanpak voor de wijken", new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
            for name in ("Jan Jansen", "Piet de Vries", "Anna Bakker"):
                pdf.cell(0, 5, name, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
            pdf.cell(0, 5, "Dit is een korte zin.", new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_body_type_line_with_space_above_is_a_sub_heading_a_name_list_is_not(tmp_path):
    doc = parse_pdf(_plain_layout_pdf(tmp_path / "plain.pdf"))
    heads = {t: lvl for lvl, t, _ in _heads(doc)}
    assert "1. Inleiding" in heads and "2. Aanpak" in heads
    assert heads.get("Plan van aanpak voor de wijken", 0) > heads["1. Inleiding"]
    assert not any(t in heads for t in ("Jan Jansen", "Piet de Vries", "Anna Bakker",
                                        "Dit is een korte zin."))
    held = [c for c in chunk_document(doc) if "Plan van aanpak" in " ".join(c.section)]
    assert held and all(c.section[0] == "1. Inleiding" for c in held)
