"""HTML pieces for the page: escaped text, marked quotes, source cards, page labels.

Every piece of document or user text passes through `esc` before it reaches
st.markdown(unsafe_allow_html=True): a passage holding `<script>` or markdown shows as
text. Pure functions (no streamlit import) so the escaping is unit-testable.
"""

from __future__ import annotations

import re

from app import texts

CSS = """
<style>
.bw-text { white-space: normal; line-height: 1.55; overflow-wrap: anywhere; }
.bw-meta { color: #555; font-size: 0.9rem; margin: 0.1rem 0 0.4rem 0; overflow-wrap: anywhere; }
.bw-title { font-weight: 600; overflow-wrap: anywhere; }
.bw-n { display: inline-block; min-width: 1.8em; font-weight: 700; color: #1b5e9a; }
.bw-text .bw-n { min-width: 0; margin: 0 0.1em; }
.bw-text mark { background: #ffe58a; color: inherit; padding: 0 0.1em; }
.bw-passage { background: #eef5fc; }
.bw-verdict { font-weight: 700; padding: 0.35rem 0.7rem; border-radius: 0.4rem;
  display: inline-block; margin-bottom: 0.4rem; }
.bw-supported { background: #dff3e3; color: #14532d; }
.bw-refuted { background: #fde2e1; color: #7f1d1d; }
.bw-not_found { background: #ececec; color: #333; }
.bw-context { font-family: monospace; font-size: 0.8rem; white-space: normal; }
.bw-page { border-left: 3px solid #bbb; padding-left: 0.7rem; margin: 0.4rem 0 1rem 0; }
@media (max-width: 640px) { .bw-text { font-size: 0.97rem; } }
</style>
"""

CONTEXT_CHARS = 280  # surrounding text shown around a quote on a card


# HTML specials, plus what Streamlit's markdown adds on top of CommonMark ($math$,
# :emoji:, :color[...]) and markdown punctuation, all as numeric character references.
_ESCAPES = str.maketrans(
    {ch: f"&#{ord(ch)};" for ch in "&<>\"'$:\\[]*_`~#|{}"}
)


def esc(text: str) -> str:
    """Escape for an HTML block: no tags, no markdown, line breaks kept.

    Newlines become <br> so the whole block is one line: CommonMark ends an HTML block
    at a blank line and would parse what follows as markdown again.
    """
    s = str(text).translate(_ESCAPES)
    return re.sub(r"\r\n|\r|\n", "<br>", s)


def plain(text: str) -> str:
    """Escape for st.error/st.caption (markdown without HTML): entities, no line breaks."""
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).translate(_ESCAPES)


def block(inner_html: str, cls: str = "bw-text") -> str:
    """Wrap already-escaped HTML in one div (one CommonMark HTML block)."""
    return f'<div class="{cls}">{inner_html}</div>'


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where quote sits in text: exact, else with whitespace collapsed; None when absent."""
    quote = (quote or "").strip()
    if not quote or not text:
        return None
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    parts = [re.escape(p) for p in quote.split() if p]
    m = re.search(r"\s+".join(parts), text) if parts else None
    return (m.start(), m.end()) if m else None


def find_quotes(text: str, quote: str) -> list[tuple[int, int]]:
    """Every part of a quote joined from separate sentences with ' … ', in text order."""
    whole = find_quote(text, quote)
    if whole:
        return [whole]
    spans = [find_quote(text, part) for part in (quote or "").split("…")]
    return sorted({s for s in spans if s})


def marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape text, wrapping each (start, end, tag-class) span; spans may nest, not cross."""
    events: list[tuple[int, int, str]] = []
    for start, end, cls in spans:
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        tag = "mark" if cls == "mark" else "span"
        attr = "" if cls == "mark" else f' class="{cls}"'
        # Sort key: position, then closing (0) before opening (1); longer spans open first.
        events.append((start, 1, f"<{tag}{attr}>", -(end - start)))
        events.append((end, 0, f"</{tag}>", end - start))
    events.sort(key=lambda e: (e[0], e[1], e[3]))
    out: list[str] = []
    pos = 0
    for at, _, tag, _ in events:
        out.append(esc(text[pos:at]))
        out.append(tag)
        pos = at
    out.append(esc(text[pos:]))
    return "".join(out)


def quote_in_context(text: str, quote: str, context: int = CONTEXT_CHARS) -> str:
    """Escaped HTML: the quote marked inside up to `context` characters either side."""
    spans = find_quotes(text, quote)
    if not spans:
        cut = text if len(text) <= 2 * context else text[: 2 * context].rsplit(" ", 1)[0] + " …"
        return esc(cut)
    a, b = spans[0][0], spans[-1][1]
    lo = max(0, a - context)
    hi = min(len(text), b + context)
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < a else lo
    if hi < len(text):
        space = text.rfind(" ", b, hi)
        hi = space if space > b else hi
    body = marked(text[lo:hi], [(x - lo, y - lo, "mark") for x, y in spans])
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")


_STOP = frozenset(
    "de het een en van in op te voor met is zijn wat hoe hoeveel wanneer waar wie welke "
    "er aan bij om of als dat die dit ook niet naar door over uit tot wordt worden".split()
)


def query_spans(text: str, query: str) -> list[tuple[int, int, str]]:
    """Words of text that start like a query word (a cheap stand-in for the stemmer)."""
    stems = {
        w[: max(4, len(w) - 2)] if len(w) > 4 else w
        for w in re.findall(r"\w[\w.,%-]*\w|\w", query.lower())
        if w not in _STOP and (len(w) >= 3 or w.isdigit())
    }
    if not stems:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    return [(m.start(), m.end(), "mark") for m in pattern.finditer(text)]


def passage_html(text: str, query: str = "") -> str:
    """A whole passage, blank lines folded, the query's words marked."""
    text = re.sub(r"\n\s*\n+", "\n", text.strip())
    return marked(text, query_spans(text, query)) if query else esc(text)


def page_label(chunk) -> str:
    """'p. 14', 'ca. p. 52' (estimate), '' when unknown; a range when the chunk spans pages."""
    p = chunk.page
    return texts.page_text(p.start, p.label, p.exact, p.end)


def section_path(chunk) -> str:
    return " › ".join(s.strip() for s in chunk.section if s and s.strip())


def citation(chunk) -> str:
    p = chunk.page
    return texts.citation_text(chunk.title, chunk.section, p.start, p.label, p.exact, p.end)


def card_html(
    chunk,
    quote: str,
    n: int | None = None,
    full: bool = False,
    context: int = CONTEXT_CHARS,
    query: str = "",
) -> str:
    """A source card: [n] title, section path · page, then the quote in its context
    (or the whole passage when full)."""
    num = f'<span class="bw-n">[{n}]</span>' if n is not None else ""
    meta = [section_path(chunk), page_label(chunk)]
    meta_html = esc(" · ".join(m for m in meta if m))
    body = passage_html(chunk.text, query) if full else quote_in_context(chunk.text, quote, context)
    # Table rows mean little without their caption and column header (kept in context).
    context = (getattr(chunk, "context", "") or "").strip()
    if len(context) > 300:
        context = context[:300].rsplit(" ", 1)[0] + " …"
    context_html = f'<div class="bw-meta bw-context">{esc(context)}</div>' if context else ""
    return (
        f'<div class="bw-card">'
        f'<div class="bw-title">{num}{esc(chunk.title)}</div>'
        f'<div class="bw-meta">{meta_html}</div>'
        f"{context_html}"
        f'<div class="bw-text">{body}</div>'
        f"</div>"
    )


def answer_html(text: str) -> str:
    """The answer text escaped, with its [n] markers kept visible (styled, still '[n]')."""
    body = esc(text)
    body = re.sub(r"&#91;(\d{1,2})&#93;", r'<span class="bw-n">[\1]</span>', body)
    return block(body)


def verdict_html(verdict: str, label: str) -> str:
    cls = verdict if verdict in ("supported", "refuted", "not_found") else "not_found"
    return f'<div class="bw-verdict bw-{cls}">{esc(label)}</div>'
