"""A short passage of a cable around the words a query matched, with their offsets."""

from __future__ import annotations

import re

from reader.query.querysyntax import Node, Phrase, Word, text_terms

__all__ = ["Highlighter"]

_WORD = r"[^\W_]"
_SPACE_RE = re.compile(r"\s+")


class Highlighter:
    """Finds the query's words in a text as the full-text index reads them (case and
    punctuation ignored), and cuts a snippet around the best passage: the one holding the
    most of the query's distinct terms, the earliest of those."""

    def __init__(self, query: Node | None, *, width: int = 240) -> None:
        self.width = width
        terms = list(dict.fromkeys(text_terms(query)))
        self.pattern: re.Pattern[str] | None = (
            re.compile("|".join(_term_regex(t) for t in terms), re.IGNORECASE) if terms else None
        )
        # each term's first word, to find candidates with str.find (far faster than a
        # case-blind regex over the whole text), and the term's own regex to confirm them
        self.terms = [(t.text.split()[0], re.compile(_term_regex(t), re.IGNORECASE)) for t in terms]

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, term) of every match of a term in ``text``, by start; ``term`` is
        the index of the query's term (the same term twice is one)."""
        found: list[tuple[int, int, int]] = []
        low = text.lower()
        if len(low) != len(text):  # lower() changed some length: no offsets to share
            for n, (_, regex) in enumerate(self.terms):
                found += [(m.start(), m.end(), n) for m in regex.finditer(text)]
        else:
            for n, (word, regex) in enumerate(self.terms):
                at = low.find(word)
                while at >= 0:
                    m = regex.match(text, at)
                    if m is not None and (at == 0 or not _is_word(text[at - 1])):
                        found.append((m.start(), m.end(), n))
                    at = low.find(word, at + 1)
        found.sort()
        return found

    def first(self, text: str) -> tuple[int, int] | None:
        """Where the first match of any term is in ``text``."""
        found = self.matches(text)
        return (found[0][0], found[0][1]) if found else None

    def best(self, text: str) -> tuple[int, int] | None:
        """The match a snippet is cut around: the first of the passage (a snippet's width
        from a little before it) holding the most distinct terms, the earliest such."""
        found = self.matches(text)
        if not found:
            return None
        reach = self.width - self.width // 3  # what a snippet shows after its first match
        best, best_terms = 0, 0
        inside: dict[int, int] = {}  # term -> its matches in the passage from match i
        j = 0
        for i, (start, _, _) in enumerate(found):
            j = max(j, i)  # (a match longer than the reach is in no passage, not even its own)
            while j < len(found) and found[j][1] <= start + reach:
                inside[found[j][2]] = inside.get(found[j][2], 0) + 1
                j += 1
            if len(inside) > best_terms:
                best, best_terms = i, len(inside)
                if best_terms == len(self.terms):
                    break  # every term: no passage can hold more, and this is the earliest
            term = found[i][2]  # match i leaves the passage before the next one starts
            if i < j:
                inside[term] -= 1
                if not inside[term]:
                    del inside[term]
        return found[best][0], found[best][1]

    def __bool__(self) -> bool:
        return self.pattern is not None

    def snippet(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """(snippet, (start, end) of each match in the snippet); ("", ()) when none."""
        if self.pattern is None:
            return "", ()
        found = self.best(text)
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
