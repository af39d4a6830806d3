"""Spelling suggestions for searches that found nothing ("repatriaton").

The words are those of the titles of the live pages of one language, counted:
a misspelt query word is replaced by the known word nearest to it (at most one
edit for short words, two for long ones; the most frequent word wins a tie),
among those that start with the same letter (or its first two letters swapped).
Only Latin words are corrected: Korean is matched by its syllable pairs, which
already tolerate much (see ``search.korean``).

The vocabulary is built when a search first needs it and kept in Django's cache
for ``VOCABULARY_TIMEOUT`` seconds, so a new title is suggested within that time.
"""

from __future__ import annotations

import re
from collections import Counter

from django.core.cache import cache
from wagtail.models import Locale, Page

from . import korean

VOCABULARY_TIMEOUT = 60 * 60
MIN_WORD_LENGTH = 4
_LATIN_WORD = re.compile(r"[a-z]+")


def _cache_key(locale: Locale) -> str:
    return f"nkhr-search-vocabulary:{locale.pk}"


def vocabulary(locale: Locale) -> Counter:
    """Latin words of the titles of the locale's live public pages, counted."""
    key = _cache_key(locale)
    words = cache.get(key)
    if words is None:
        words = Counter()
        titles = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .values_list("title", flat=True)
            .iterator()
        )
        for title in titles:
            text = korean.fold_accents(title).lower()
            words.update(w for w in _LATIN_WORD.findall(text) if len(w) > 1)
        cache.set(key, words, VOCABULARY_TIMEOUT)
    return words


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit),
    or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) < 8 else 2


def correct_word(word: str, words: Counter) -> str:
    """``word``, or the known word nearest to it."""
    if len(word) < MIN_WORD_LENGTH or not _LATIN_WORD.fullmatch(word) or word in words:
        return word
    limit = allowed_edits(word)
    best, best_key = word, None
    for candidate, count in words.items():
        # The first letter is taken as typed (or swapped with the second):
        # a scan of a large site's vocabulary stays short.
        if len(candidate) < MIN_WORD_LENGTH - 1 or (
            candidate[0] != word[0] and candidate[:2] != word[1::-1]
        ):
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -count, candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
    return best


def suggest(query: str, locale: Locale) -> str | None:
    """The query with its misspelt words corrected, or None if none is."""
    words = vocabulary(locale)
    if not words:
        return None
    typed = korean.clean_query(query).split()
    corrected = [correct_word(word, words) for word in typed]
    if corrected == typed:
        return None
    return " ".join(corrected)
