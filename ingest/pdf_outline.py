"""A PDF's bookmarks and title: the outline as (level, title, page), bookmarked headings set
off on lines of their own, and the title, years and document type of the file.

Takes a pypdf reader or page texts from ingest/pdf.py; it does not open files, clean pages
(ingest/pdf_pages.py) or decide heading levels (ingest/headings.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.lines import BULLET_GLYPHS

_SPACES = re.compile(r"\s+")
# "Onderwerp: Het vaststellen van ..." on a raadsvoorstel or letter, up to a blank line, a
# "Field:" line or a one-word label line of a form ("Onderwerp" / "..." / "Beleidsveld").
_ONDERWERP = re.compile(
    r"^\s*Onderwerp[ \t]*:?[ \t]*\n?\s*([^\s:].{10,240}?)\s*(?:\n\s*\n|\n\s*[A-Z]\w+:|\n[ \t]*[A-Z]\w+[ \t]*\n)", re.M | re.S
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

COVER_MIN_PT = 16  # a cover title is set large
SUBTITLE_MIN_PT = 13  # a cover subtitle is set larger than body text (10-12 pt)
GENERIC_TITLES = {"inhoud", "inhoudsopgave", "samenvatting", "inleiding", "voorwoord", "colofon"}
# (word in the file name or title, doc_type), first match wins; same names as ingest/text.py.
DOC_TYPES = tuple(
    (w.split(":")[0], w.split(":")[-1])
    for w in "programmabegroting:begroting begroting jaarrekening kaderbrief bestuursakkoord "
    "coalitieakkoord:bestuursakkoord omgevingsvisie verordening raadsvoorstel raadsbrief "
    "monitor:rapportage rapportage fiche nota visie agenda".split()
)


def read_outline(reader, warnings: list[str]) -> list[tuple[int, str, int | None]]:
    """The bookmarks as (level, title, physical page 1-based or None), in document order."""
    out: list[tuple[int, str, int | None]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            title = _SPACES.sub(" ", str(getattr(item, "title", "") or "")).strip()
            if not title:
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # noqa: BLE001 - a broken destination is one bookmark, not the file
                page = None
            page = page + 1 if isinstance(page, int) and page >= 0 else None
            out.append((level, title, page))

    try:
        walk(reader.outline, 1)
    except Exception as exc:  # noqa: BLE001 - an unreadable outline falls back to headings
        warnings.append(f"outline unreadable ({exc}); using numbered headings instead")
        return []
    lost = [t for _, t, p in out if p is None]
    if lost:
        warnings.append(f"{len(lost)} bookmark(s) point to no page, e.g. {lost[0]!r}")
    return out


def set_off_bookmarks(texts: list[str], outline: list[tuple[int, str, int | None]]) -> list[str]:
    """Put each bookmarked heading on a line of its own between blank lines, on its page.

    Word PDFs often have no blank line between a heading and its paragraph, so the
    normaliser would join them; a heading wrapped over 2-3 lines is joined into one line.
    Only whitespace changes: no text is added or lost.
    """
    pages = [t.split("\n") for t in texts]
    for _level, title, page in outline:
        if page is None or not 1 <= page <= len(pages):
            continue
        want, lines = _norm(title), pages[page - 1]
        for i, line in enumerate(lines):
            got = _norm(line)
            if not got or not want.startswith(got):
                continue
            j = i
            while got != want and j + 1 < len(lines) and j - i < 2:
                j += 1
                got = _norm(f"{got} {lines[j]}")
            if got == want:
                joined = lines[i].strip()
                for x in lines[i + 1 : j + 1]:  # a word broken over lines stays one word
                    x = x.strip()
                    glue = "" if joined.endswith("-") and x[:1].islower() else " "
                    joined = f"{joined}{glue}{x}"
                pages[page - 1] = [*lines[:i], "", joined, "", *lines[j + 1 :]]
                break
    return ["\n".join(lines) for lines in pages]


def useful_outline(outline: list, title: str, n_pages: int) -> bool:
    """An outline is a section source when it holds more than the title: 3+ entries besides it."""
    rest = [t for _, t, _ in outline if _norm(t) != _norm(title)]
    return len(rest) >= 3 and len(rest) >= n_pages // 20


def _norm(s: str) -> str:
    """Case, spacing and a leading bullet aside (a title from the layout may space words
    differently; a bullet set before a plain sub-heading is not part of it)."""
    return _SPACES.sub("", s.strip(" \t\n\"'“”„‘’").lstrip(BULLET_GLYPHS).lower())


def cover_title(page) -> tuple[str, str]:
    """The text set in the largest font on a page (a cover's title) and the line after it
    when that is set in the next size and larger than body text (a subtitle); both empty
    when nothing stands out."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round((size or 0) * abs(tm[3] * cm[3] or 1), 1), text.strip()))

    try:
        text = page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - no title from fonts is fine
        return "", ""
    sizes = sorted({s for s, _ in runs}, reverse=True)
    if len(sizes) < 2 or sizes[0] < COVER_MIN_PT or sizes[0] < 1.3 * sizes[1]:
        return "", ""  # nothing stands out as a cover title
    top = [t for s, t in runs if s == sizes[0]]
    second = [t for s, t in runs if s == sizes[1]]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    picked = [i for i, line in enumerate(lines) if any(line.startswith(t) for t in top)]
    if not picked:
        return "", ""
    title = " ".join(lines[picked[0] : picked[-1] + 1])
    after = lines[picked[-1] + 1] if picked[-1] + 1 < len(lines) else ""
    big = sizes[1] >= SUBTITLE_MIN_PT
    sub = after if big and len(after) <= 60 and any(after.startswith(t) for t in second) else ""
    return _SPACES.sub(" ", title), _SPACES.sub(" ", sub)


def choose_title(
    name: str, meta_title: str, outline: list, first_text: str, cover: tuple[str, str]
) -> str:
    """'Onderwerp:'; metadata title only if the page text shows it; else bookmark, cover, name."""
    seen = _norm(first_text)
    m = _ONDERWERP.search(first_text)  # a proposal's or letter's own subject line first
    if m:
        return _SPACES.sub(" ", m.group(1)).strip().rstrip(".")
    if len(meta_title.strip()) >= 8 and _norm(meta_title) in seen:
        return meta_title.strip()
    if outline and outline[0][2] in (1, None) and _norm(outline[0][1]) not in GENERIC_TITLES:
        return outline[0][1].strip(" \"'“”„")
    title, sub = cover
    if len(title) >= 12:
        return f"{title} – {sub}" if sub else title
    return Path(name).stem.replace("_", " ").replace("-", " ").strip().capitalize()


def years(*texts: str) -> tuple[int | None, int | None]:
    """First and last year named in the first text that names one (title, then file name)."""
    for text in texts:
        found = [int(y) for y in _YEAR.findall(text)]
        if found:
            return min(found), max(found)
    return None, None


def doc_type(*texts: str) -> str | None:
    """The kind of document named first in texts (file name before title), e.g. "verordening"."""
    for text in texts:
        low = text.lower()
        kind = next((kind for word, kind in DOC_TYPES if word in low), None)
        if kind:
            return kind
    return None

