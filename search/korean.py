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


def segment_for_index(text: str) -> str:
    """Text as the database backends index it: Hangul stretches become bigrams
    followed by their syllables; nationality adjectives become the country."""
    if not text:
        return text
    text = normalise_demonyms(text)
    if not contains_hangul(text):
        return text
    text = _SCRIPT_BOUNDARY.sub(" ", text)

    def replace(match: re.Match[str]) -> str:
        joined = re.sub(r"\s+", "", match.group(0))
        pieces = bigrams(joined) if len(joined) > 1 else []
        return " ".join(pieces + unigrams(joined))

    return _HANGUL_STRETCH.sub(replace, text)


def clean_query(query: str) -> str:
    """User input reduced to plain words: no engine syntax, bounded length.

    Quotes, ``*``, ``:``, brackets and the like are dropped; words are lowercased so
    that AND/OR/NOT are ordinary words, never operators.
    """
    query = (query or "")[:MAX_QUERY_LENGTH]
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
