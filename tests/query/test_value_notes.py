"""A field term whose value no cable has is named, with the nearest values there are, where
it gave a silent 0 (tag:PRELL, origin:parsi, class:secrt)."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

import reader.query.value_notes as notes_module
from reader.index.store import LACKS as FOLDER_LACKS
from reader.index.store import CorpusIndex
from reader.query.conditions import query_notes
from reader.query.fields import PORTION
from reader.query.query import Filter
from reader.query.querysyntax import parse_query
from reader.query.value_notes import (
    part_notes,
    query_parts,
    query_words,
    selection_notes,
    store_notes,
    value_notes,
    value_terms,
    word_notes,
)
from reader.team.pgstore import LACKS as TEAM_LACKS

_VALUES = {
    "tag": ["PREL", "PREF", "PGOV", "ETTC", "KNNP"],
    "origin": ["Embassy Paris", "Embassy Moscow", "Secretary of State"],
    "classification": ["SECRET", "CONFIDENTIAL", "UNCLASSIFIED"],
    "precedence": ["(none)", "IMMEDIATE", "PRIORITY", "ROUTINE"],
    "handling": ["NOFORN", "SIPDIS"],
    PORTION: ["C", "S", "U", "S//NF"],
    "problem": ["no-dtg"],
    "check": ["declass-before-date"],
    # months with cables; 2004: a cable dated by the year of its ID alone
    "month": ["2004", "2007-05", "2007-06", "2009-12", "undated"],
}
asked: list[str] = []


def values(facet: str) -> list[tuple[int, str]]:
    asked.append(facet)
    return list(enumerate(_VALUES.get(facet, []), 1))


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("tag:PRELL", "tag:PRELL is no TAGS value of these cables, so it matches nothing;"
         " the nearest: PREL, PREF."),
        ("iran tags:ETTCX", "tag:ETTCX is no TAGS value of these cables, so it matches"
         " nothing; the nearest: ETTC."),
        ("from:parsi", "origin:parsi is no Origin value of these cables, so it matches"
         " nothing; the nearest: Embassy Paris."),
        ("class:secrt", "classification:secrt is no Classification value of these cables, so"
         " it matches nothing; the nearest: SECRET."),
        ("class:\"top secret\"", "classification:\"top secret\" is no Classification value of"
         " these cables, so it matches nothing; the nearest: SECRET."),
        ("handling:nofrn", "handling:nofrn is no Handling value of these cables, so it"
         " matches nothing; the nearest: NOFORN."),
        ("precedence:fast", "precedence:fast is no Precedence value of these cables, so it"
         " matches nothing; the values there are: (none), IMMEDIATE, PRIORITY, ROUTINE."),
        ("marking:TS", "marking:TS is no paragraph marking value of these cables, so it"
         " matches nothing; the nearest: S."),
        # the release writes NOFORN on a line of its own: the handling field finds it
        ("class:noforn", "classification:noforn is no Classification value of these cables,"
         " so it matches nothing; the values there are: CONFIDENTIAL, SECRET, UNCLASSIFIED;"
         " NOFORN is a handling caveat of these cables: handling:NOFORN finds it."),
    ],
)  # fmt: skip
def test_a_value_no_cable_has_is_named_with_the_nearest(query: str, note: str) -> None:
    assert value_notes(query, values) == [note]


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("iran -tags:ETTCX", "tag:ETTCX is no TAGS value of these cables, so excluding it leaves"
         " nothing out; the nearest: ETTC."),
        ("NOT from:parsi", "origin:parsi is no Origin value of these cables, so excluding it"
         " leaves nothing out; the nearest: Embassy Paris."),
        # the polarity the compiler reads, not a leading '-': inside a group, under OR
        ("iran -(tag:PRELL OR minister)", "tag:PRELL is no TAGS value of these cables, so"
         " excluding it leaves nothing out; the nearest: PREL, PREF."),
        ("iran OR (nuclear NOT class:secrt)", "classification:secrt is no Classification value"
         " of these cables, so excluding it leaves nothing out; the nearest: SECRET."),
        # excluded twice: asked for
        ("-(iran -tag:PRELL)", "tag:PRELL is no TAGS value of these cables, so it matches"
         " nothing; the nearest: PREL, PREF."),
        ("-date:2099", "date:2099: no cable is dated then, so excluding it leaves nothing out;"
         " these cables are dated 2004-01 to 2009-12."),
    ],
)  # fmt: skip
def test_an_excluded_value_no_cable_has_leaves_nothing_out_rather_than_matching_nothing(
    query: str, note: str
) -> None:
    """``-tag:zzzz nuclear`` blamed tag:zzzz for the empty answer ("so it matches nothing"):
    excluding a value no cable has leaves nothing out; the note says so, with the nearest
    values (the analyst believes something was excluded: a typo)."""
    assert value_notes(query, values) == [note]


def test_a_term_both_asked_for_and_excluded_gets_both_notes() -> None:
    assert value_notes("tag:PRELL OR -tag:PRELL", values) == [
        "tag:PRELL is no TAGS value of these cables, so it matches nothing; the nearest: PREL,"
        " PREF.",
        "tag:PRELL is no TAGS value of these cables, so excluding it leaves nothing out; the"
        " nearest: PREL, PREF.",
    ]


def test_who_excluded_in_a_folder_leaves_nothing_out() -> None:
    assert value_notes("iran -starred-by:alice", values, lacks=FOLDER_LACKS) == [
        "starredby:alice matches nothing here, so excluding it leaves nothing out: a folder's"
        " index keeps your own stars without a name; write is:starred (starredby: asks a"
        " team's corpus on a server)."
    ]


_NO_COPIES = "no cable of these is in more than one file of the folder"
_KEPT_ONCE = "a team's corpus keeps each cable once, with every file it was read from"


@pytest.mark.parametrize(
    ("lacks", "why"), [(FOLDER_LACKS, _NO_COPIES), (TEAM_LACKS, _KEPT_ONCE)]
)
def test_copy_other_where_no_cable_is_a_copy_says_why_and_excluding_it_is_no_mistake(
    lacks: dict[str, str], why: str
) -> None:
    """A folder without copies said "copy:other is no Copies value of these cables", and of
    ``-copy:other`` (each cable once: never a mistake) that it matches nothing; a team's
    corpus, which keeps each cable once, said the same."""
    assert value_notes("copy:other", values, lacks=lacks) == [
        f"copy:other matches nothing here: {why}."
    ]
    for query in ("iran -copy:other", "NOT copy:OTHER", "-(copy:other OR iran)"):
        assert value_notes(query, values, lacks=lacks) == [], query
    chosen = ({("copy", "other")}, set())
    assert selection_notes(*chosen, values, lacks=lacks) == [
        f"--include copy=other matches nothing here: {why}."
    ]
    assert selection_notes(set(), {("copy", "other")}, values, lacks=lacks) == []


def test_copy_other_where_some_cable_is_a_copy_gets_no_note() -> None:
    def with_copies(facet: str) -> list[tuple[int, str]]:
        return [(9, "other")] if facet == "copy" else values(facet)

    assert value_notes("copy:other", with_copies, lacks=FOLDER_LACKS) == []
    assert selection_notes({("copy", "other")}, set(), with_copies) == []


def test_a_facet_value_chosen_that_the_store_never_has_says_why() -> None:
    assert selection_notes(set(), {("readby", "alice")}, values, lacks=FOLDER_LACKS) == [
        "--exclude readby=alice leaves nothing out here: a folder's index keeps your own read"
        " state without a name; write is:read (readby: asks a team's corpus on a server)."
    ]


@pytest.mark.parametrize(
    "query",
    ["tag:PREL", "tag:prel", "tag:PRE*", "from:paris", "from:\"embassy paris\"",
     "class:secret", "class:conf", "precedence:immediate", "precedence:O", "marking:S",
     "iran", "\"prime minister\"", "date:2007", "id:07PARIS1", "", "tag:"],
)  # fmt: skip
def test_a_value_some_cable_has_and_terms_of_no_facet_get_no_note(query: str) -> None:
    assert value_notes(query, values) == []


def test_only_terms_that_choose_values_are_looked_up() -> None:
    asked.clear()
    assert value_terms('iran "prime minister" subject:oil id:07X1') == []
    assert value_notes("iran subject:oil", values) == [] and asked == []
    assert value_notes("iran date:2007", values) == [] and asked == ["month"]
    assert [t.name for t in value_terms("tag:A OR tag:A -from:X")] == ["tag", "origin"]


def test_before_the_full_parse_is_done_its_fields_get_no_note() -> None:
    """problem:, check: and marking: values come with the second phase: one not there yet
    may still come."""
    query = "problem:no-dtgg check:nope marking:TS tag:PRELL"
    assert len(value_notes(query, values)) == 4
    partial = value_notes(query, values, complete=False)
    assert [n.split()[0] for n in partial] == ["tag:PRELL"]


def test_who_read_or_starred_is_a_team_corpus_question() -> None:
    folder = value_notes("starred-by:alice read-by:me", values, lacks=FOLDER_LACKS)
    assert folder == [
        "starredby:alice matches nothing here: a folder's index keeps your own stars without a"
        " name; write is:starred (starredby: asks a team's corpus on a server).",
        "readby:me matches nothing here: a folder's index keeps your own read state without a"
        " name; write is:read (readby: asks a team's corpus on a server).",
    ]
    assert value_notes("starred-by:alice", values, lacks=TEAM_LACKS) == []


class _Store:
    def __init__(self, *, remote: bool, partial: str | None) -> None:
        self.remote, self._partial = remote, partial

    def values(self, facet: str) -> list[tuple[int, str]]:
        return values(facet)

    def partial(self) -> str | None:
        return self._partial

    def lacks(self) -> dict[str, str]:
        return dict(TEAM_LACKS if self.remote else FOLDER_LACKS)


def test_a_store_says_whether_it_is_complete_and_what_it_lacks() -> None:
    query = "starred-by:x problem:nope"
    assert len(store_notes(_Store(remote=False, partial=None), query)) == 2
    assert len(store_notes(_Store(remote=False, partial="being indexed"), query)) == 1
    assert store_notes(_Store(remote=True, partial=None), query)[0].startswith("problem:nope")


class _LabelledStore(_Store):
    def __init__(self, labels: list[str] | None) -> None:
        super().__init__(remote=False, partial=None)
        self._labels = labels

    def label_names(self) -> list[str] | None:
        return self._labels


def test_a_label_chosen_that_the_analyst_has_not_says_so() -> None:
    """--include label=brfie (mistyped, or a saved search's label renamed or deleted since)
    gave a silent 0, where label:brfie in the query says why."""
    said = notes_module.store_selection_notes(
        _LabelledStore(["brief", "to read"]),
        [("label", "brfie"), ("label", "BRIEF"), ("tag", "PREL")],
        [("label", "gone")],
    )
    assert said == [
        "--include label=brfie matches nothing here: you have no label brfie; your labels:"
        " brief, to read.",
        "--exclude label=gone leaves nothing out here: you have no label gone; your labels:"
        " brief, to read.",
    ]
    # a letter beyond ASCII is not folded, as the store's labels are not (Ärger, ärger two)
    assert notes_module.store_selection_notes(
        _LabelledStore(["Ärger"]), [("label", "ÄRGER"), ("label", "ärger")], []
    ) == [
        "--include label=ärger matches nothing here: you have no label ärger; your labels:"
        " Ärger."
    ]
    assert notes_module.store_selection_notes(_LabelledStore([]), [("label", "x")], []) == [
        "--include label=x matches nothing here: you have no labels."
    ]
    # a store that keeps no labels (a team's corpus without them) says nothing of them
    assert notes_module.store_selection_notes(_LabelledStore(None), [("label", "x")], []) == []


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("is:stared", "is:stared matches nothing: write is:starred, is:unstarred, is:read or"
         " is:unread."),
        ("has:nte", "has:nte matches nothing: write has:note or has:label."),
    ],
)  # fmt: skip
def test_a_state_that_is_none_says_which_there_are(query: str, note: str) -> None:
    assert query_notes(query) == [note]
    known = "is:starred" if query.startswith("is:") else "has:note"
    assert query_notes(known) == []


def test_a_hyphenated_field_is_no_unknown_field() -> None:
    """``starred-by:x`` was said to hold an unknown field ``by:``."""
    assert query_notes("starred-by:x read-by:me") == []
    assert query_notes("rad-by:me")[0].startswith("rad-by: is not a field")


def test_a_date_note_names_the_field_as_it_was_written() -> None:
    """``month:2007-13`` was told about a ``date:2007-13`` it did not write."""
    notes = query_notes("month:2007-13 year:2010..2001")
    assert notes[0].startswith("month:2007-13 is not a date")
    assert notes[1].startswith("year:2010..2001 ends before it begins")
    assert notes[1].endswith("write year:2001..2010.")


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("date:2099", "date:2099: no cable is dated then, so it matches nothing; these cables"
         " are dated 2004-01 to 2009-12."),
        ("iran year:1950..1960", "year:1950..1960: no cable is dated then, so it matches"
         " nothing; these cables are dated 2004-01 to 2009-12."),
        ("date:2010..", "date:2010..: no cable is dated then, so it matches nothing; these"
         " cables are dated 2004-01 to 2009-12."),
        ("month:2008-02", "month:2008-02: no cable is dated then, so it matches nothing; the"
         " nearest months with cables are 2007-06 and 2009-12."),
        ("date:2007-07-04..2009-11-30", "date:2007-07-04..2009-11-30: no cable is dated then,"
         " so it matches nothing; the nearest months with cables are 2007-06 and 2009-12."),
    ],
)  # fmt: skip
def test_a_date_no_cable_was_written_says_which_dates_there_are(query: str, note: str) -> None:
    # date:2099 gave a silent 0 where tag:PRELL named the values there are
    assert value_notes(query, values) == [note]


@pytest.mark.parametrize(
    "query",
    ["date:2007", "date:2007-05-07", "date:..2004", "date:2004-06",  # 2004: the whole year
     "date:2009-12..2099", "year:2000..2005", "date:2010..2009", "date:2009-13", "date:"],
)  # fmt: skip
def test_a_date_some_cable_may_have_or_no_date_at_all_gets_no_date_note(query: str) -> None:
    assert value_notes(query, values) == []


def test_a_folder_without_dates_gets_no_date_note() -> None:
    assert value_notes("date:2099", lambda facet: [(1, "undated")]) == []
    assert value_notes("date:2099", lambda facet: []) == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("nucler", ["nucler"]),
        ('iran "Prime Ministr" iran', ["iran", "prime", "ministr"]),
        # a -word, a prefix, a field and an ID (it finds the cable of that ID) are not
        # looked up
        ("-visit nucl* tag:PREL 07PRAGUE497", []),
        # a word with accents is looked up as the index keeps it (münchen once got a
        # silent 0 where munchen got its note); a word of other letters is not
        ('médecins "Münchner Straße" москва', ["medecins", "munchner"]),
        ("(a OR b) -c", ["a", "b"]),
        ("", []),
    ],
)
def test_the_words_a_cable_must_hold_are_looked_up(query: str, words: list[str]) -> None:
    assert query_words(query) == words


def test_a_word_no_cable_holds_is_named_with_the_nearest_words() -> None:
    assert word_notes({"nucler": ["nuclear", "nuclei"], "zzyzx": []}) == [
        "nucler is in no cable of these, so it matches nothing; the nearest words there are:"
        " nuclear, nuclei.",
        "zzyzx is in no cable of these, so it matches nothing.",
    ]


class _WordStore(_Store):
    def __init__(self) -> None:
        super().__init__(remote=False, partial=None)
        self.asked: list[list[str]] = []

    def words_not_in(self, words: list[str]) -> dict[str, list[str]]:
        self.asked.append(words)
        return {w: ["nuclear"] for w in words if w == "nucler"}


def test_a_store_that_knows_its_words_is_asked_for_the_query_s_words() -> None:
    store = _WordStore()
    assert store_notes(store, "iran nucler tag:PRELL") == [
        "tag:PRELL is no TAGS value of these cables, so it matches nothing; the nearest: PREL,"
        " PREF.",
        "nucler is in no cable of these, so it matches nothing; the nearest words there are:"
        " nuclear.",
    ]
    assert store.asked == [["iran", "nucler"]]
    assert store_notes(store, "tag:PREL -nucler") == [] and len(store.asked) == 1
    # a team's corpus (no words_not_in) is asked for values alone
    assert store_notes(_Store(remote=True, partial=None), "nucler") == []


def test_a_facet_value_chosen_that_no_cable_has_is_named_with_the_nearest() -> None:
    """``--include tag=prel`` or ``origin=Moscow`` (values are matched exactly) gave a
    silent 0."""
    include = {("tag", "prel"), ("origin", "Moscow"), ("tag", "PREL"), ("starred", "yes")}
    exclude = {("handling", "NOFRN"), ("label", "brief"), ("problem", "nope")}
    assert selection_notes(include, exclude, values) == [
        "--include origin=Moscow: no cable of these has that Origin value, so it matches"
        " nothing; the nearest: Embassy Moscow (values are matched exactly).",
        "--include starred=yes: starred is starred or unstarred, so it matches nothing.",
        "--include tag=prel: no cable of these has that TAGS value, so it matches nothing; the"
        " nearest: PREL, PREF (values are matched exactly).",
        "--exclude handling=NOFRN: no cable of these has that Handling value, so it leaves"
        " nothing out; the nearest: NOFORN (values are matched exactly).",
        "--exclude problem=nope: no cable of these has that Parser problems value, so it"
        " leaves nothing out; the values there are: no-dtg (values are matched exactly).",
    ]
    # before the full parse is done, a value of a field it fills may still come
    assert len(selection_notes(include, exclude, values, complete=False)) == 4
    assert selection_notes({("tag", "PREL"), ("read", "unread")}, set(), values) == []


@pytest.mark.parametrize(
    "query",
    [
        'nuclear "prime minister" from:"buenos aires" -visit (iran OR iraq) minist* tag:PRE*',
        "a -(b OR -c) (d e) OR f date:2007-05..2007-06 class:secret",
    ],
)
def test_a_querys_parts_are_its_top_level_terms_written_as_the_parser_reads_them(
    query: str,
) -> None:
    parts = query_parts(Filter(query))
    node = parse_query(query)
    assert [parse_query(p.query) for _, p in parts] == list(node.children)  # type: ignore[union-attr]
    assert parse_query(" ".join(text for text, _ in parts)) == node


def test_facet_choices_are_parts_a_single_valued_facets_alternatives_one() -> None:
    f = Filter(
        "prague",
        frozenset({("tag", "PREL"), ("tag", "PGOV"), ("classification", "SECRET"),
                   ("classification", "CONFIDENTIAL")}),
        frozenset({("origin", "Embassy Moscow")}),
    )  # fmt: skip
    assert [text for text, _ in query_parts(f)] == [
        "prague",
        "classification=CONFIDENTIAL or SECRET",
        "tag=PGOV",
        "tag=PREL",
        "not origin=Embassy Moscow",
    ]


class _Counted:
    """A store that counts as the index does and keeps what it was asked."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.asked: Counter[Filter] = Counter()

    def count(self, f: Filter) -> int:
        self.asked[f] += 1
        return self.index.count(f)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("prague year:2008", "prague (3), year:2008 (2)."),
        ("prague tag:PREL year:2008", "prague (3), tag:PREL (5), year:2008 (2); prague and"
         " year:2008 together already match none."),
        ("prague minister from:moscow", "prague (3), minister (3), origin:moscow (2); with any"
         " one left out, some cables match."),
    ],
)  # fmt: skip
def test_an_empty_answer_says_what_each_part_matches_and_which_match_none_together(
    small_index: CorpusIndex, query: str, note: str
) -> None:
    """``tag:PREL nuclear class:secret year:1990`` said only "No cable matches"."""
    store = _Counted(small_index)
    assert small_index.count(Filter(query)) == 0
    head = "No cable matches all of these together (each counted alone): "
    assert part_notes(store, Filter(query)) == [head + note]
    assert max(store.asked.values()) == 1  # each part, each combination counted once
    assert len(store.asked) <= 2 * len(query.split())  # alone, then each left out


def test_a_facet_choice_is_counted_as_a_part(small_index: CorpusIndex) -> None:
    f = Filter("prague", frozenset({("tag", "MNUC")}), frozenset({("tag", "PREL")}))
    assert small_index.count(f) == 0
    [note] = part_notes(small_index, f)
    assert note.startswith(
        "No cable matches all of these together (each counted alone): prague (3), tag=MNUC (2),"
        " not tag=PREL ("
    )


@pytest.mark.parametrize(
    "query",
    [
        "(prague year:2008) OR zzyzx",  # one part: an OR
        "prague zzyzx year:2008",  # a part that alone matches none: its word note says why
        "prague year:2008 a b c d e f g",  # more parts than are counted
    ],
)
def test_one_part_a_part_matching_none_or_many_parts_get_no_part_note(
    small_index: CorpusIndex, query: str
) -> None:
    store = _Counted(small_index)
    assert small_index.count(Filter(query)) == 0
    assert part_notes(store, Filter(query)) == []
    assert sum(store.asked.values()) <= 2


@pytest.mark.parametrize(
    ("seconds_a_count", "note"),
    [
        # the parts counted alone in time, not the combinations: the counts alone
        (0.4, "prague (3), tag:PREL (5), year:2008 (2)."),
        # not even the parts alone: no note at all
        (0.6, None),
    ],
)
def test_a_slow_store_gets_a_shorter_note_or_none_not_a_long_wait(
    small_index: CorpusIndex,
    monkeypatch: pytest.MonkeyPatch,
    seconds_a_count: float,
    note: str | None,
) -> None:
    """A team's corpus at 250,000 cables counts in seconds: the window's look-ups wait."""
    clock = [0.0]
    monkeypatch.setattr(notes_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    store = _Counted(small_index)

    def slow(f: Filter) -> int:
        clock[0] += seconds_a_count
        return _Counted.count(store, f)

    monkeypatch.setattr(store, "count", slow)
    got = part_notes(store, Filter("prague tag:PREL year:2008"))
    head = "No cable matches all of these together (each counted alone): "
    assert got == ([] if note is None else [head + note])
    assert sum(store.asked.values()) <= 3


class _Masked(_Counted):
    """A store that counts every set of a filter's parts at once (a team's corpus: its
    ``part_masks``), here from the index's counts of each set; None: not in time."""

    def __init__(self, index: CorpusIndex, in_time: bool = True) -> None:
        super().__init__(index)
        self.in_time = in_time
        self.seconds: list[float] = []

    def part_masks(self, parts: list[Filter], *, seconds: float) -> dict[int, int] | None:
        self.seconds.append(seconds)
        if not self.in_time:
            return None
        total = self.index.total()
        # how many cables match exactly each set: from the counts of every set (an
        # inclusion-exclusion over the sets that hold it), the way the server groups them
        at_least = {0: total}
        for bits in range(1, 1 << len(parts)):
            chosen = [p for i, p in enumerate(parts) if bits >> i & 1]
            f = Filter(" ".join(p.query for p in chosen if p.query),
                       frozenset().union(*(p.include for p in chosen)),
                       frozenset().union(*(p.exclude for p in chosen)))  # fmt: skip
            at_least[bits] = self.index.count(f)
        exactly = {}
        for bits in range(1, 1 << len(parts)):
            n = sum(
                (-1) ** bin(more).count("1") * at_least[bits | more]
                for more in range(1 << len(parts))
                if more & bits == 0
            )
            if n:
                exactly[bits] = n
        return exactly


@pytest.mark.parametrize(
    "query", ["prague year:2008", "prague tag:PREL year:2008", "prague minister from:moscow"]
)
def test_a_store_that_counts_every_set_of_parts_at_once_gives_the_same_note(
    small_index: CorpusIndex, query: str
) -> None:
    """A team's corpus counted each part and each set of parts a statement at a time."""
    masked = _Masked(small_index)
    assert part_notes(masked, Filter(query)) == part_notes(small_index, Filter(query)) != []
    assert masked.asked == Counter() and masked.seconds == [notes_module.PART_NOTES_SECONDS]
    late = _Masked(small_index, in_time=False)
    assert part_notes(late, Filter(query)) == []  # not counted in time: no note
    assert late.asked == Counter()


class _Explained:
    """A store of three cables for empty_notes: 07PRAGUE497 cites 07PRAGUE486, which cites
    nothing; 07MOSCOW2111 cites 07PRAGUE497 and 07BERLIN5 (not one of them); the word
    gazprom is in one text, in no subject; two labels, no cable carries "brief"."""

    IDS = ["07MOSCOW2111", "07PRAGUE486", "07PRAGUE497"]
    CITES = {"07PRAGUE497": ["07PRAGUE486"], "07PRAGUE486": [], "07MOSCOW2111":
             ["07BERLIN5", "07PRAGUE497"]}  # fmt: skip

    def __init__(self, labels: list[str] | None = None) -> None:
        self.labels = ["brief", "todo"] if labels is None else labels
        self.counted: list[str] = []

    def count(self, f: Filter) -> int:
        self.counted.append(f.query)
        q = f.query
        if q.startswith("id:"):
            return int(q[3:].upper() in self.IDS)
        if q.startswith("ref:"):
            return sum(q[4:].upper() in cited for cited in self.CITES.values())
        if q.startswith("citedby:"):
            return sum(i in self.IDS for i in self.CITES.get(q[8:].upper(), []))
        if q.startswith("label:"):
            return int(q[6:] == "todo")
        return {'"gazprom"': 1, "has:note": 1, "note:radar": 1, "subject:radar": 2}.get(q, 0)

    def key_for_id(self, cable_id: str) -> int | None:
        ident = cable_id.upper()
        return self.IDS.index(ident) if ident in self.IDS else None

    def cites(self, cable_id: str) -> list[str]:
        return self.CITES.get(cable_id.upper(), [])

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        return [i for i in self.IDS if i.startswith(prefix.upper())][:limit]

    def label_names(self) -> list[str] | None:
        return self.labels


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("id:07PRAGEU540", "id:07PRAGEU540 matches nothing here: no cable of these has that ID;"
         " the nearest IDs: 07PRAGUE497."),
        ("id:07PRAGUE540", "id:07PRAGUE540 matches nothing here: no cable of these has that ID;"
         " the nearest IDs: 07PRAGUE497, 07PRAGUE486."),
        ("id:zzz", "id:zzz matches nothing here: no cable of these has that ID."),
        ("ref:07PRAGUE540", "ref:07PRAGUE540 matches nothing here: no cable of these cites"
         " 07PRAGUE540, nor is it one of them; the nearest IDs: 07PRAGUE497, 07PRAGUE486."),
        ("ref:07moscow2111", "ref:07moscow2111 matches nothing here: 07MOSCOW2111 is one of"
         " these cables, but none of them cites it."),
        ("citedby:07PRAGUE540", "citedby:07PRAGUE540 matches nothing here: 07PRAGUE540 is not"
         " one of these cables, so what it cites is not known; the nearest IDs: 07PRAGUE497,"
         " 07PRAGUE486."),
        ("citedby:07PRAGUE486", "citedby:07PRAGUE486 matches nothing here: 07PRAGUE486 cites no"
         " cable (it has no references)."),
        ("ref:07EFTOPRAGUE497", "ref:07EFTOPRAGUE497 matches nothing here: a reference names"
         " the cable by its ID, 07PRAGUE497: write ref:07PRAGUE497."),
        ("id:07EFTOPRAGEU497", "id:07EFTOPRAGEU497 matches nothing here: no cable of these has"
         " that ID; the nearest IDs: 07PRAGUE497."),
        ("subject:gazprom", "subject:gazprom matches nothing here: no subject of these cables"
         " holds gazprom, but 1 cable has it in its text."),
        ('subject:"zz qx"', 'subject:"zz qx" matches nothing here: no subject of these cables'
         " holds zz qx, nor does any text."),
        ("note:zzqx", "note:zzqx matches nothing here: no note of yours on these cables holds"
         " zzqx."),
        ("label:brief", "label:brief matches nothing here: no cable of these carries your label"
         " brief."),
        ("label:breif", "label:breif matches nothing here: you have no label breif; your"
         " labels: brief, todo."),
        ("label:x*", "label:x* matches nothing here: no label of yours starts x; your labels:"
         " brief, todo."),
        # quoted, a value is never a prefix: the label named x*, not those starting x
        ('label:"x*"', 'label:"x*" matches nothing here: you have no label x*; your labels:'
         " brief, todo."),
        ("label:br*", "label:br* matches nothing here: no cable of these carries a label of"
         " yours starting br."),
        ("id:07PRAGUE5*", "id:07PRAGUE5* matches nothing here: no cable of these has an ID"
         " starting 07PRAGUE5; the nearest IDs: 07PRAGUE486, 07PRAGUE497."),
        ("iran -id:07PRAGEU540", "id:07PRAGEU540 matches nothing here, so excluding it leaves"
         " nothing out: no cable of these has that ID; the nearest IDs: 07PRAGUE497."),
    ],
)  # fmt: skip
def test_an_id_a_reference_a_subject_or_your_own_work_of_nothing_says_why(
    query: str, note: str
) -> None:
    """``id:``, ``ref:``, ``citedby:``, ``subject:``, ``note:`` and ``label:`` of nothing gave a
    silent 0 where ``tag:PRELL`` and ``nucler`` each got a note."""
    assert notes_module.empty_notes(_Explained(), query) == [note]


def test_a_term_that_matches_some_cable_alone_gets_no_empty_note() -> None:
    store = _Explained()
    query = "subject:radar note:radar label:todo id:07PRAGUE497 ref:07PRAGUE497 iran"
    assert notes_module.empty_notes(store, query) == []
    assert store.counted == query.split()[:-1]  # each counted alone, the word not at all
    assert notes_module.empty_notes(store, "iran tag:PRELL") == [] and len(store.counted) == 5


def test_a_citation_none_of_which_is_here_and_labels_none_or_many() -> None:
    store = _Explained()
    store.CITES = {**store.CITES, "07PRAGUE497": ["07BERLIN5"]}
    assert notes_module.empty_notes(store, "citedby:07PRAGUE497") == [
        "citedby:07PRAGUE497 matches nothing here: 07PRAGUE497 cites one cable, 07BERLIN5,"
        " which is not one of these."
    ]
    assert notes_module.empty_notes(_Explained([]), "label:x") == [
        "label:x matches nothing here: you have no labels."
    ]
    many = _Explained([f"label{n}" for n in range(20)] + ["brief"])
    assert notes_module.empty_notes(many, "label:breif") == [
        "label:breif matches nothing here: you have no label breif; the nearest: brief."
    ]
    store.labels = None  # type: ignore[assignment]  # a store that keeps no labels:
    assert notes_module.empty_notes(store, "label:x") == []  # nothing to say


def test_the_nearest_ids_are_of_the_same_series_else_of_a_post_spelt_alike_or_a_year_near() -> None:
    ids = ["05PRAGUE470", "07PRAGUE486", "07PRAGUE497", "07PRAGUE1200", "08PRAGUE535",
           "07PARIS540", "07MOSCOW540"]  # fmt: skip

    def starting(prefix: str, limit: int) -> list[str]:
        return sorted(i for i in ids if i.startswith(prefix))[:limit]

    assert notes_module.nearest_ids("07PRAGUE540", starting) == [
        "07PRAGUE497", "07PRAGUE486", "07PRAGUE1200"]  # fmt: skip
    assert notes_module.nearest_ids("07prageu540", starting) == ["07PRAGUE497"]
    assert notes_module.nearest_ids("06PRAGUE540", starting) == [
        "05PRAGUE470", "07PRAGUE497", "08PRAGUE535"]  # fmt: skip
    assert notes_module.nearest_ids("07PRAGUE*", starting)[0] == "07PRAGUE486"
    assert notes_module.nearest_ids("no id", starting) == []


def test_a_term_of_a_value_with_quotes_is_named_and_counted_as_it_is_typed() -> None:
    # the notes wrote label:"say "hi"", which the query language reads as other terms
    query = r'label:"say \"hi\"" nuclear'
    assert [text for text, _ in query_parts(Filter(query))] == [r'label:"say \"hi\""', "nuclear"]
    store = _Explained(['say "hi"', "todo"])
    assert notes_module.empty_notes(store, query) == [
        r'label:"say \"hi\"" matches nothing here: no cable of these carries your label say "hi".'
    ]
    assert store.counted == [r'label:"say \"hi\""']
