"""Test doubles for the translation tests. Nothing here talks to a real service."""

from __future__ import annotations

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue


class PrefixingTestTranslator(BaseMachineTranslator):
    """A TEST DOUBLE, not a translator: it "translates" by prefixing the target
    language code (``[ko] 2024 Activity Report``). It stands in for DeepL, which
    the tests cannot reach; it exercises wagtail-localize's machine-translation
    path (settings, views, stored ``machine`` translations), not translation."""

    display_name = "Test double (prefixes the language code)"

    def translate(self, source_locale, target_locale, strings):
        prefix = f"[{target_locale.language_code}] "
        return {string: StringValue(prefix + string.data) for string in strings}

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code
