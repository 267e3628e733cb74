"""Table grouping: every chunk holding table rows carries its own table's caption and column
header (not another table's), a header over several lines is one header, and a header
repeated on the next page continues the table."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_document
from ingest.layout import RawPage, assemble, normalise


def _doc(*pages: str):
    raw = [RawPage(p, i + 1, str(i + 1), True) for i, p in enumerate(pages)]
    return assemble("nota-2025.txt", "Nota 2025", "cd" * 32, raw, n_pages=len(raw),
                    year_from=2025, year_to=2025)


def _blocks(raw: str) -> list[tuple[str, int | None, str]]:
    n = normalise([RawPage(raw, 1, None, True)])
    return [(b.kind, b.table, n.text[b.start:b.end]) for b in n.blocks]


def _rows(k: int, label: str) -> str:
    return "".join(f"{label} {i} {i}.100 {i}.200 {i}.300 \n\n" for i in range(k))


def test_a_title_above_a_header_over_several_lines_is_the_tables_caption():
    raw = ("Risico's (B) 21.962 \n\nWeerstandsvermogen ratio (A/B) 4 \n\n\n  Financiële positie \n\nomschrijving rekening \n"
           "2024 \n\nprognose \n2025 \n\nmjp 2026 mjp 2027 \n\n"
           "Netto schuldquote 48% 57% 64% \n\nSolvabiliteitsratio 44% 45% 40% \n")
    blocks = _blocks(raw)
    assert [(k, t) for k, _, t in blocks] == [
        ("table_row", "Risico's (B) 21.962"),
        ("table_row", "Weerstandsvermogen ratio (A/B) 4"),
        ("table_caption", "Financiële positie"),
        ("table_header", "omschrijving rekening 2024 prognose 2025 mjp 2026 mjp 2027"),
        ("table_row", "Netto schuldquote 48% 57% 64%"),
        ("table_row", "Solvabiliteitsratio 44% 45% 40%"),
    ]
    assert blocks[1][1] != blocks[2][1] == blocks[3][1] == blocks[5][1]


def test_a_new_header_after_rows_starts_a_new_table():
    raw = ("Tabel Reserves (bedragen x € 1.000) \n\nOmschrijving Begroting 2026 MJP 2027 \n\n"
           "Algemene reserve 60.693 45.150 \n\nInvesteringsfonds 6.530 3.030 \n\n"
           "Onderwerp Realisatie 2024 Begroting 2025 \n\nSport 250 300 \n")
    blocks = _blocks(raw)
    tables = {t: table for _, table, t in blocks}
    assert tables["Algemene reserve 60.693 45.150"] != tables["Sport 250 300"]
    assert tables["Onderwerp Realisatie 2024 Begroting 2025"] == tables["Sport 250 300"]


def test_a_header_repeated_on_the_next_page_continues_the_table():
    header = "Omschrijving Begroting \n2026 \n\nMjp \n2027 \n\n"
    doc = _doc("Tabel Reserves (bedragen x € 1.000) \n\n" + header + _rows(3, "Post"),
               header + _rows(3, "Rest"))
    tables = {b.table for b in doc.blocks if b.kind != "paragraph"}
    assert len(tables) == 1
    headers = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_header"]
    assert headers == ["Omschrijving Begroting 2026 Mjp 2027"] * 2


def test_chunks_carry_their_own_tables_header_not_the_one_above():
    first = ("Tabel Weerstand (bedragen x € 1.000) \n\nomschrijving bedrag 2026 \n\n"
             + _rows(40, "Reserve"))
    second = ("Kengetallen \n\nomschrijving rekening \n2024 \n\nbegroting \n2025 \n\n"
              + _rows(120, "Ratio"))
    doc = _doc("1. Financiën\n\n" + first + second)
    chunks = chunk_document(doc)
    late = [c for c in chunks if "Ratio 119" in c.text or "Ratio 60 " in c.text]
    assert late and all("Reserve" not in c.text for c in late)
    for c in late:
        assert c.context == "Kengetallen\nomschrijving rekening 2024 begroting 2025"


# -- the real budget ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def budget():
    from conftest import CORPUS

    from ingest.text import parse_text

    return chunk_document(parse_text(CORPUS / "programmabegroting-2026.txt"))


def _holding(chunks, row: str):
    return next(c for c in chunks if row in c.text)


def _before(c, row: str) -> str:
    """What a reader sees of a row's table: the chunk's context and its text above the row."""
    return c.context + "\n" + c.text[: c.text.index(row)]


def test_budget_solvability_row_reads_per_year(budget):
    row = "Solvabiliteitsratio 44% 45% 40% 35% 33% 31%"
    c = _holding(budget, row)
    seen = " ".join(_before(c, row).split())
    assert "rekening 2024 prognose 2025 begroting 2026 mjp 2027 mjp 2028 mjp 2029" in seen
    assert "Financiële positie" in seen
    # context only names tables whose rows the chunk holds
    assert "Weerstandscapaciteit" not in c.context
    assert "Risico's" not in c.context or "Totaal risico's 21.962" in c.text


def test_budget_free_reserves_table_header(budget):
    row = "Algemene reserve 60.693 45.150 32.573 25.459 20.464"
    seen = _before(_holding(budget, row), row)
    assert "Tabel Vrij besteedbare ruimte in reserves (bedragen x € 1.000)" in seen
    assert "Omschrijving Begroting 2025 Begroting 2026 MJP 2027 MJP 2028 MJP 2029" in seen
    # the same table going on in the next chunk repeats exactly its own caption and header
    c = _holding(budget, "Inzet t.b.v. verkenning wijkcentrum De MaasStee -55 0 0 0 0")
    assert c.context == ("Tabel Vrij besteedbare ruimte in reserves (bedragen x € 1.000)\n"
                         "Omschrijving Begroting 2025 Begroting 2026 MJP 2027 MJP 2028 MJP 2029")


def test_budget_sewage_tariff_table_header(budget):
    row = "Rioolheffing 177,37 187,37 6.393 6.760 367"
    seen = " ".join(_before(_holding(budget, row), row).split())
    assert "Rioolheffing Tarief 2025 (€) Tarief 2026 (€) Begrote opbrengst 2025" in seen


def test_budget_programme_table_header_over_several_lines(budget):
    # "Beleidsthema Realisatie 2024 / Begroting 2025 / Begroting 2026 / MJP 2027 ..." was cut
    # into paragraphs; now it is one header and the rows of programme 2 carry it.
    row = "Participatie en inkomen 65.696 64.841 68.818 68.910 68.899 68.972"
    seen = " ".join(_before(_holding(budget, row), row).split())
    assert ("Beleidsthema Realisatie 2024 Begroting 2025 Begroting 2026 MJP 2027 MJP 2028 MJP 2029"
            in seen)
    assert "(bedragen x € 1.000)" in seen



def test_budget_reserves_header_of_short_pieces_repeats_on_each_page(budget):
    # "Naam 1 januari Storting" / "structureel" / "Storting in-" / "cidenteel" / ... is one
    # header, below the caption and again at the top of the next pages
    row = "Amortisatiereserve 42.736 1.841 0 2.757 0 41.820"
    c = _holding(budget, row)
    assert c.context.startswith("[Bedragen in € x 1.000; stand ultimo jaar]\nNaam 1 januari Storting")
    assert "Onttrekking incidenteel" in c.context


def test_budget_investment_header_with_wrapped_column_names(budget):
    row = "MFA's 2.395 5.376 12.959 0 130"  # (Bijlage 4; programme 7 has the same row)
    c = [c for c in budget if row in c.text][-1]
    assert c.section == ("Bijlage 4. Investeringen",)
    seen = " ".join(_before(c, row).split())
    assert ("Omschrijving Investerings- kredieten t/m 2025 Investerings- krediet 2026 MJP 2027 "
            "MJP 2028 MJP 2029") in seen
    assert "(bedragen x € 1.000)" in seen


def test_budget_taakveld_header_repeats_on_every_page(budget):
    row = "TV1-1 Crisisbeheersing en brandweer 4, 6, 7 5.154 5.481 5.776 6.056 6.268 6.477"
    assert _holding(budget, row).context == (
        "(bedragen x € 1.000)\nTV Naam taakveld Programma’s Realisatie 2024 Begroting 2025 "
        "Begroting 2026 Mjp 2027 Mjp 2028 Mjp 2029")


def test_a_row_label_ending_in_an_abbreviation_stays_in_its_table():
    raw = ("Tabel Reserves (bedragen x € 1.000) \n\nNaam Begroting 2026 MJP 2027 \n\n"
           "Reserve wielerbaan 2.368 38 \n\nAmortisatiereserve H. v. \nBoeijenlaan \n\n1.050 0 \n\n"
           "Reserve Binnenstad 600 0 \n")
    blocks = _blocks(raw)
    assert ("table_row", "Amortisatiereserve H. v. Boeijenlaan 1.050 0") in [(k, t) for k, _, t in blocks]
    assert len({table for _, table, _ in blocks}) == 1
