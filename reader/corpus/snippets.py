"""A short passage of a cable around the words a query matched, with their offsets."""

from __future__ import annotations

import re

from .querysyntax import Node, Phrase, Word, text_terms

__all__ = ["Highlighter"]

_WORD = r"[^\W_]"
_SPACE_RE = re.compile(r"\s+")


class Highlighter:
    """Finds the query's words in a text as the full-text index reads them (case and
    punctuation ignored), and cuts a snippet around the first of them."""

    def __init__(self, query: Node | None, *, width: int = 240) -> None:
        self.width = width
        terms = text_terms(query)
        self.pattern: re.Pattern[str] | None = (
            re.compile("|".join(_term_regex(t) for t in terms), re.IGNORECASE) if terms else None
        )
        # each term's first word, to find candidates with str.find (far faster than a
        # case-blind regex over the whole text), and the term's own regex to confirm them
        self.terms = [(t.text.split()[0], re.compile(_term_regex(t), re.IGNORECASE)) for t in terms]

    def first(self, text: str) -> tuple[int, int] | None:
        """Where the first match of any term is in ``text``."""
        low = text.lower()
        if len(low) != len(text):  # lower() changed some length: no offsets to share
            m = self.pattern.search(text) if self.pattern else None
            return (m.start(), m.end()) if m else None
        best: tuple[int, int] | None = None
        for word, regex in self.terms:
            at = low.find(word)
            while at >= 0 and (best is None or at < best[0]):
                m = regex.match(text, at)
                if m is not None and (at == 0 or not _is_word(text[at - 1])):
                    best = (m.start(), m.end())
                    break
                at = low.find(word, at + 1)
        return best

    def __bool__(self) -> bool:
        return self.pattern is not None

    def snippet(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """(snippet, (start, end) of each match in the snippet); ("", ()) when none."""
        if self.pattern is None:
            return "", ()
        found = self.first(text)
        if found is None:
            return "", ()
        m_start, m_end = found
        start = max(0, m_start - self.width // 3)
        end = min(len(text), start + self.width)
        # widen to whole words so no word is cut in half
        while start > 0 and not text[start - 1].isspace() and m_start - start < self.width // 2:
            start -= 1
        while end < len(text) and not text[end].isspace() and end - m_end < self.width:
            end += 1
        piece = _SPACE_RE.sub(" ", text[start:end]).strip()
        if start > 0:
            piece = "… " + piece
        if end < len(text):
            piece += " …"
        return piece, tuple((x.start(), x.end()) for x in self.pattern.finditer(piece))


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _term_regex(term: Word | Phrase) -> str:
    if isinstance(term, Word):
        body = re.escape(term.text) + (f"{_WORD}*" if term.prefix else "")
    else:
        body = r"[\W_]+".join(re.escape(w) for w in term.text.split())
    return rf"(?<!{_WORD}){body}(?!{_WORD})"
