"""Query and index normalisation for Korean (search/korean.py)."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from search import korean


def test_bigrams_of_a_run():
    assert korean.bigrams("인권침해") == ["인권", "권침", "침해"]
    assert korean.bigrams("북") == ["북"]
    assert korean.bigrams("") == []


def test_index_text_runs_bigrams_across_spaces_then_syllables_and_keeps_english():
    text = "NGO reports on 강제 송환을 중단"
    assert korean.segment_for_index(text) == (
        "NGO reports on 강제 제송 송환 환을 을중 중단 강 제 송 환 을 중 단"
    )
    assert korean.segment_for_index("Forced repatriation") == "Forced repatriation"


def test_a_single_syllable_query_matches_the_words_that_hold_it():
    """북 (north) finds 북한 and 탈북민: every syllable is indexed on its own."""
    for document in ["북한 인권", "탈북민 지원"]:
        assert korean.segment_query("북") in korean.segment_for_index(document).split()


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Korean War", "korea War"),
        ("KOREANS abroad", "korea abroad"),
        ("Korea", "Korea"),
        ("Chinese police", "china police"),
        ("Koreana", "Koreana"),  # a different word
    ],
)
def test_nationality_words_are_indexed_and_searched_as_the_country(text, normalised):
    assert korean.segment_for_index(text) == normalised
    query = korean.segment_query(text).split()
    indexed = korean.segment_for_index(normalised).lower().split()
    assert query == indexed


@pytest.mark.parametrize(
    ("typed", "pieces"),
    [
        ("UN인", "un 인"),  # a search drops 인 as a counter; autocomplete keeps it
        ("북한 인", "북한 인"),
        ("강제송", "강제 제송"),
        ("인권을", "인권"),
        ("을 의 는", "을 의 는"),
    ],
)
def test_autocomplete_keeps_the_syllable_being_typed(typed, pieces):
    assert korean.segment_query(typed, trailing_prefix=True) == pieces


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("인권을", "인권"),
        ("인권의", "인권"),
        ("강제송환을", "강제송환"),
        ("북한에서", "북한"),
        ("피해자들은", "피해자"),
        ("인권", "인권"),  # two syllables are never cut
        ("아이", "아이"),
    ],
)
def test_strip_particle(word, stem):
    assert korean.strip_particle(word) == stem


@pytest.mark.parametrize(
    ("query", "pieces"),
    [
        ("인권", "인권"),
        ("인권을", "인권"),
        ("강제송환", "강제 제송 송환"),
        ("강제 송환", "강제 송환"),
        ("Human Rights", "human rights"),
        ('"title:x" AND (인권*', "title x and 인권"),
        # Mixed scripts: split apart; particles and counters on Latin or digits go.
        ("UN인권이사회", "un 인권 권이 이사 사회"),
        ("NKHR의 활동", "nkhr 활동"),
        ("UN에서는", "un"),
        ("2024년", "2024"),
        # A lone syllable is bigrammed with its neighbours in the index.
        ("북한 및 중국", "북한 중국"),
        ("고문 등 인권침해", "고문 인권 권침 침해"),
        ("북", "북"),
        ("을 의 는", "을 의 는"),  # never emptied
    ],
)
def test_segment_query(query, pieces):
    assert korean.segment_query(query) == pieces


def test_every_query_piece_of_a_korean_word_is_in_its_indexed_forms():
    """The requirement of the issue, on the normalisation itself."""
    cases = {
        "인권": ["인권을", "인권의", "인권침해"],
        "강제송환": ["강제송환을", "강제 송환"],
    }
    for query, documents in cases.items():
        pieces = set(korean.segment_query(query).split())
        for document in documents:
            indexed = set(korean.segment_for_index(document).split())
            assert pieces <= indexed, (query, document)


def test_index_text_splits_hangul_from_latin_letters_and_digits():
    assert korean.segment_for_index("UN인권이사회에") == (
        "UN 인권 권이 이사 사회 회에 인 권 이 사 회 에"
    )
    assert korean.segment_for_index("NKHR의 활동") == "NKHR 의활 활동 의 활 동"
    assert korean.segment_for_index("2024년") == "2024 년"


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("인권이사회", "UN인권이사회에 제출한 의견서"),
        ("UN인권이사회", "UN인권이사회에 제출한 의견서"),
        ("UN 인권이사회", "UN인권이사회에 제출한 의견서"),
        ("NKHR", "NKHR의 활동 보고서"),
        ("NKHR은", "NKHR의 활동 보고서"),
        ("2024년", "2024년 활동 보고서"),
    ],
)
def test_mixed_script_queries_match_mixed_script_text(query, document):
    pieces = set(korean.segment_query(query).lower().split())
    indexed = set(korean.segment_for_index(document).lower().split())
    assert pieces <= indexed


def test_clean_query_bounds_hostile_input():
    assert korean.clean_query("") == ""
    assert korean.clean_query('" * : ( )') == ""
    long = korean.clean_query("a" * 10_000)
    assert len(long) == korean.MAX_QUERY_LENGTH
    many = korean.clean_query(" ".join(f"w{i}" for i in range(100)))
    assert len(many.split()) == korean.MAX_QUERY_TERMS


# Korean syllables, particles, Latin letters, digits, spaces and punctuation,
# mixed as visitors type them.
QUERY_TEXT = st.text(alphabet=st.sampled_from(list('을의는및북한인권강제송 aBk19·"(:')))


@given(st.one_of(QUERY_TEXT, st.text(max_size=60)))
@example("을 의 는")
@example("및 UN의")
def test_a_query_with_words_is_never_emptied(text):
    """An empty engine query is no search at all (Wagtail's empty results cannot
    even be faceted): any input with a word keeps at least one."""
    if korean.clean_query(text):
        assert korean.segment_query(text)
        assert korean.query_words(text)


def test_accents_are_folded_on_both_sides_and_hangul_is_left_whole():
    assert korean.segment_query("Salmón Türk") == "salmon turk"
    assert "Salmon" in korean.segment_for_index("Elizabeth Salmón").split()
    assert korean.fold_accents("강제송환 café") == "강제송환 cafe"


def test_dotted_abbreviations_are_one_word():
    assert korean.clean_query("U.N. advocacy") == "un advocacy"
    assert "UN" in korean.enrich_for_index("the U.N. said").split()


def test_hyphenated_words_are_found_joined_and_apart():
    # The index has both forms; a query joins a prefix, splits other compounds.
    indexed = korean.enrich_for_index("close co-operation on non-refoulement").split()
    assert {"co-operation", "cooperation", "nonrefoulement"} <= set(indexed)
    assert korean.clean_query("co-operation") == "cooperation"
    assert korean.clean_query("non-refoulement") == "nonrefoulement"
    assert korean.clean_query("made-in-china") == "made in china"


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("the 4th Universal Periodic Review of North Korea", "UPR"),
        ("Partners in Justice International", "PJI"),
        ("Democratic People's Republic of Korea", "DPRK"),
    ],
)
def test_names_are_indexed_under_their_acronym(text, acronym):
    assert acronym in korean.acronyms(text)
    assert acronym in korean.enrich_for_index(text).split()


def test_short_names_and_words_in_capitals_make_no_acronym():
    assert korean.acronyms("Korean War") == []
    assert "USR" not in korean.acronyms("UN Special Rapporteur Salmon")
    # Punctuation ends a name.
    assert "RAU" not in korean.acronyms("Our Review: A Update")


def test_un_and_yuen_find_each_other():
    """Korean writes the UN as 유엔 and as UN (UN인권이사회)."""
    indexed = (
        korean.segment_for_index("제55차 유엔 인권이사회 공동서한").lower().split()
    )
    assert set(korean.segment_query("UN인권이사회").split()) <= set(indexed)
    assert "유엔" in korean.segment_for_index("UN Special Rapporteur").split()


def test_elasticsearch_pairs_hold_what_a_query_segments_to():
    """The Elasticsearch field searched beside nori (search.backends)."""
    pairs = korean.hangul_pairs_for_index(
        "메이드 인 차이나: 2023 연례 활동 보고서"
    ).split()
    for query in ["메이드인차이나", "활동보고서 2023", "메이드 인 차이나"]:
        assert set(korean.segment_query(query).split()) <= set(pairs), query
    assert korean.hangul_pairs_for_index("English only") == ""
