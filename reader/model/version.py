"""The version of what the parser gives for a text: kept apart from the parser so that an
index can check it without loading the parser."""

from __future__ import annotations

__all__ = ["PARSER_VERSION"]

#: Raised whenever what the parser gives for a text changes, so that indexes holding its
#: older output are rebuilt.
PARSER_VERSION = 13  # 3: Cable.date; 4: IDs by evidence, published_id; 5: references, markings,
#: appended cables, Classified By names, summaries, subjects, TAGS and signers; 6: wrapped
#: cables.csv rows dumped in a text, unnumbered marked paragraphs, REF A: labels, list letters;
#: 7: posts' short names, serials before posts and serial/year in REFs, entries after a page header,
#: the body run into a REF line, TAGS run together, a code said again after a comma;
#: 8: a REF's post misspelt once, the text run on after a printed page head and its running
#: heads and feet, a subject stopped at a press summary's INDEX:, the cables beside an email in
#: a REF entry;
#: 9: a paragraph's number ending the line before its marking ("HEADING ---- ¶1 ." then
#: "( C ) TEXT"), a body of short unnumbered lines after the subject, a marked paragraph on
#: the line after Classified By or REF or run on into a later REF entry, a copy of the routing
#: header after the signature, and (in the index's rows) the origin of a post whose two
#: stations share a routing indicator told by the text;
#: 10: the body run on after a rule into a REF entry or after the reasons of Classified By,
#: the reasons on a line after a blank one, a signer in title case after the last sentence, a
#: signer after the post's classified website line, an end mark or a page header's count, a
#: dumped record's dotted date read month first,
#: and (in the index's rows) a Regional Embassy Office as the station of its post;
#: 11: a heading alone above paragraph 1 kept as an unnumbered paragraph, a quoted list's
#: numbers in a marked cable no paragraphs, the E.O. of a Classified By's reasons no E.O. line,
#: a Classified By cut short or naming nothing giving way to a later one;
#: 12: a banner cut by a line end inside its spaced letters, a paragraph whose blank after its
#: number was lost ("1.Key Points"), a page's subject keywords after
#: the TAGS codes no tags, and (in the index's rows) no origin from an ID's unknown post;
#: 13: REF labels a page doubled ("A. (A)", "A. A."), a serial alone of the post before, a
#: year in brackets or a date after a serial, an entry cut by a blank line or written in
#: lower case or against the serial before, a REF run on after the subject or a Classified
#: By, a cable at an email's start or after an AND, TAGS of a copy put in lower case, a
#: marking as long as its list of countries or cut by a line end, a signer after a quoted
#: letter's date
