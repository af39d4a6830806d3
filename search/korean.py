"""Korean-aware text normalisation for search, shared by the database backends and
the result snippets.

Korean attaches particles and endings to nouns (인권을, 인권의) and writes compounds
both joined and spaced (강제송환, 강제 송환). Full-text engines that split on spaces
see different words each time. The database backends therefore index Hangul as
overlapping two-syllable pieces (bigrams) and search with the bigrams of the query
word minus a trailing particle:

- 인권을 침해 is indexed as 인권 권을 을침 침해 (bigrams also run across the space,
  so that a query written without it still matches);
- the query 인권 finds it, and 인권을, 인권의, 인권침해 (all contain the bigram 인권);
- the query 강제송환 (강제 제송 송환) finds 강제 송환: 제송 comes from the joined run;
- every syllable is also indexed on its own (unigrams, after the run's bigrams so
  that the bigrams of a phrase stay adjacent): a one-syllable query such as 북
  finds 북한 and 탈북민, which hold no token 북 otherwise.

English is stemmed by the engines (Porter), which keeps a few words people treat as
one apart: Korea and Korean, China and Chinese. ``DEMONYMS`` maps them to one form
at index and query time (the Elasticsearch analysis reads the same map), so that
"Korea" finds "Korean".

Other English words and scripts pass through untouched: the backend stems them. The same
cleaning makes arbitrary user input safe for every engine's query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 16

HANGUL = "\uac00-\ud7a3"
_HANGUL_WORD = re.compile(f"[{HANGUL}]+")
# A stretch of Hangul words separated only by spaces, bigrammed as one run.
_HANGUL_STRETCH = re.compile(f"[{HANGUL}]+(?:[ \\t]+[{HANGUL}]+)*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Hangul written against Latin letters or digits in one word (UN인권이사회, NKHR의,
# 2024년): the engines would see a single token, so the scripts are split apart.
_SCRIPT_BOUNDARY = re.compile(
    f"(?<=[{HANGUL}])(?=[^\\W{HANGUL}_])|(?<=[^\\W{HANGUL}_])(?=[{HANGUL}])"
)

# Nationality adjectives Porter does not reduce to the country (korean stays
# korean): both sides of the index map them to the country's name.
DEMONYMS = {
    "korean": "korea",
    "koreans": "korea",
    "chinese": "china",
    "japanese": "japan",
    "russian": "russia",
    "russians": "russia",
}
_DEMONYM = re.compile(r"\b(?:" + "|".join(DEMONYMS) + r")\b", re.IGNORECASE)

# Words written in either script (Korean press writes 유엔 and UN): a text holding
# one is also indexed under the other, so either finds it.
SCRIPT_SYNONYMS = {"유엔": "UN"}
_SCRIPT_SYNONYM = re.compile(
    "|".join(
        [f"(?<![{HANGUL}]){korean}" for korean in SCRIPT_SYNONYMS]
        + [rf"\b{latin}\b" for latin in SCRIPT_SYNONYMS.values()]
    )
)
_SYNONYM_OF = {
    **SCRIPT_SYNONYMS,
    **{latin: korean for korean, latin in SCRIPT_SYNONYMS.items()},
}

# U.N., U.S., D.C.: written with dots or without, one word.
_DOTTED_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# Latin words joined by hyphens (co-operation, Ji-Yoon, forget-me-not).
_HYPHENATED = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
# Prefixes English writes with a hyphen or without (co-operation, cooperation;
# non-refoulement, nonrefoulement): a query joins them, the index has both.
JOINED_PREFIXES = {"co", "non", "re", "pre", "anti", "multi", "inter", "post", "sub"}
_PREFIX_HYPHEN = re.compile(
    r"\b(" + "|".join(sorted(JOINED_PREFIXES)) + r")-(?=[A-Za-z])", re.IGNORECASE
)
# Capitalised names and the acronyms they go by (Universal Periodic Review, UPR;
# Partners in Justice International, PJI): lower-case linking words inside a
# name are skipped, as acronyms do.
_NAME_WORD = re.compile(r"[A-Z][A-Za-z]*(?:['’]s?)?|[a-z]+")
NAME_LINKS = {"of", "for", "and", "the", "on", "in", "against", "to", "de"}
ACRONYM_MIN, ACRONYM_MAX = 3, 5

# Particles and endings that follow a noun, longest first so that 에서 wins over 서.
PARTICLES = sorted(
    {
        "이",
        "가",
        "을",
        "를",
        "은",
        "는",
        "의",
        "에",
        "와",
        "과",
        "도",
        "만",
        "로",
        "으로",
        "에서",
        "에게",
        "께서",
        "까지",
        "부터",
        "이다",
        "이며",
        "이나",
        "처럼",
        "보다",
        "에는",
        "에서는",
        "으로는",
        "로는",
        "과의",
        "와의",
        "에의",
        "들",
        "들이",
        "들은",
        "들을",
        "들의",
        "들에게",
        "하다",
        "하는",
        "하고",
        "했다",
        "한다",
    },
    key=len,
    reverse=True,
)


def contains_hangul(text: str) -> bool:
    return bool(_HANGUL_WORD.search(text))


def bigrams(run: str) -> list[str]:
    """Overlapping two-syllable pieces of a Hangul run; a single syllable stays."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def unigrams(run: str) -> list[str]:
    """Each syllable of a Hangul run once, in order of first appearance."""
    return list(dict.fromkeys(run))


def normalise_demonyms(text: str) -> str:
    """Korean -> korea, Chinese -> china (see ``DEMONYMS``)."""
    return _DEMONYM.sub(lambda match: DEMONYMS[match.group(0).lower()], text)


def strip_particle(word: str) -> str:
    """Drop one trailing particle or ending, keeping at least two syllables."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or char


def fold_accents(text: str) -> str:
    """Latin letters without their accents (Salmón is Salmon, Türk is Turk).

    Only Latin letters are decomposed: NFKD would take Hangul syllables apart.
    """
    if text.isascii():
        return text
    return "".join(
        _fold_char(char) if "\u00c0" <= char <= "\u024f" else char for char in text
    )


def acronyms(text: str) -> list[str]:
    """Acronyms of the capitalised names in ``text``: every run of
    ``ACRONYM_MIN`` to ``ACRONYM_MAX`` capitalised words, linking words inside
    it skipped (Review of North Korea gives RNK; Universal Periodic Review, UPR).
    Words in capitals are acronyms already: they end a run."""
    found: dict[str, None] = {}
    run: list[str] = []  # initials of the current run of capitalised words

    def close() -> None:
        for start in range(len(run)):
            longest = min(len(run), start + ACRONYM_MAX)
            for end in range(start + ACRONYM_MIN, longest + 1):
                found["".join(run[start:end])] = None

    end = 0
    for match in _NAME_WORD.finditer(text):
        word = match.group(0)
        if run and text[end : match.start()].strip():  # punctuation ends a name
            close()
            run = []
        end = match.end()
        if word[0].isupper() and not (len(word) > 1 and word.isupper()):
            run.append(word[0])
        elif word not in NAME_LINKS or not run:
            close()
            run = []
    close()
    return list(found)


def index_extras(text: str) -> list[str]:
    """Words a text is also found by: the joined form of its hyphenated words
    (co-operation: cooperation), the acronyms of its names, the other script's
    form of a word written in both (유엔: UN)."""
    extras = [match.group(0).replace("-", "") for match in _HYPHENATED.finditer(text)]
    extras += acronyms(text)
    extras += [_SYNONYM_OF[m.group(0)] for m in _SCRIPT_SYNONYM.finditer(text)]
    return list(dict.fromkeys(extras))


def enrich_for_index(text: str) -> str:
    """Text as every backend indexes it: accents folded, dotted abbreviations
    written as one word (U.N.: UN), and the words of ``index_extras`` added at
    the end (after the text, so that its phrases stay as written)."""
    if not text:
        return text
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = fold_accents(text)
    extras = index_extras(text)
    # On lines of their own: a Hangul extra is not bigrammed with the text.
    return "\n".join([text, *extras])


def segment_for_index(text: str) -> str:
    """Text as the database backends index it: enriched (``enrich_for_index``),
    Hangul stretches become bigrams followed by their syllables; nationality
    adjectives become the country."""
    if not text:
        return text
    text = normalise_demonyms(enrich_for_index(text))
    if not contains_hangul(text):
        return text
    text = _SCRIPT_BOUNDARY.sub(" ", text)

    def replace(match: re.Match[str]) -> str:
        joined = re.sub(r"\s+", "", match.group(0))
        pieces = bigrams(joined) if len(joined) > 1 else []
        return " ".join(pieces + unigrams(joined))

    return _HANGUL_STRETCH.sub(replace, text)


def hangul_pairs_for_index(text: str) -> str:
    """For a text with Hangul, its tokens as ``segment_for_index`` makes them
    (Hangul syllable pairs, other words), lower-cased, each once and without
    the single syllables: what Elasticsearch matches ``segment_query`` against
    beside its own Korean analysis. Empty for a text without Hangul."""
    if not contains_hangul(text):
        return ""
    tokens = segment_for_index(text).lower().split()
    return " ".join(
        dict.fromkeys(t for t in tokens if len(t) > 1 or not _HANGUL_WORD.match(t))
    )


def clean_query(query: str) -> str:
    """User input reduced to plain words: no engine syntax, bounded length.

    Quotes, ``*``, ``:``, brackets and the like are dropped; words are lowercased so
    that AND/OR/NOT are ordinary words, never operators.
    """
    query = fold_accents((query or "")[:MAX_QUERY_LENGTH])
    query = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), query)
    query = _PREFIX_HYPHEN.sub(r"\1", query)
    words = _WORD.findall(query.lower())
    return " ".join(words[:MAX_QUERY_TERMS])


def query_words(query: str, trailing_prefix: bool = False) -> list[str]:
    """The words of a cleaned query, Korean ones without their particle.

    A word mixing scripts is split (UN인권이사회 is UN and 인권이사회); Hangul
    right after Latin letters or digits that is a particle or a single syllable
    (NKHR의, UN에서, 2024년) is dropped, as a noun's ending or a counter.

    ``trailing_prefix`` (autocomplete): the query's last piece is what the
    visitor is still typing, so it is kept as written (UN인 is UN and 인,
    the start of 인권).
    """
    words = []
    runs = [
        (position, run)
        for word in clean_query(query).split()
        for position, run in enumerate(_SCRIPT_BOUNDARY.split(word))
    ]
    typing = runs[-1][1] if trailing_prefix and runs else None
    for index, (position, run) in enumerate(runs):
        last = index == len(runs) - 1
        if _HANGUL_WORD.fullmatch(run):
            cut = position > 0 and (len(run) == 1 or run in PARTICLES)
            if cut and not (last and typing):
                continue
            run = strip_particle(run)
        words.append(normalise_demonyms(run))
    # A lone syllable (및, 등, 그) is, beside other words, a function word or a
    # counter: it would narrow an AND query to the texts that happen to have
    # it, so it is left out. A query of nothing but lone syllables keeps them
    # (북 is indexed as a syllable too): a query is never emptied here (an
    # engine's empty query is not a search at all). The syllable being typed
    # in an autocomplete stays.
    keep = [len(w) > 1 or not _HANGUL_WORD.fullmatch(w) for w in words]
    if not any(keep):
        return words
    if typing is not None:
        keep[-1] = True
    return [w for w, kept in zip(words, keep, strict=True) if kept]


def segment_query(query: str, trailing_prefix: bool = False) -> str:
    """A query for the database backends, matching ``segment_for_index``.

    With ``trailing_prefix`` the last piece is the start of a word, searched as
    a prefix by the autocomplete: a Hangul word being typed is not cut into
    bigrams past its last syllable.
    """
    pieces: list[str] = []
    for word in query_words(query, trailing_prefix):
        if _HANGUL_WORD.fullmatch(word):
            pieces.extend(bigrams(word))
        else:
            pieces.append(word)
    # Bigrams repeat (한국 인권 인권): one of each is enough for an AND query.
    return " ".join(dict.fromkeys(pieces))
