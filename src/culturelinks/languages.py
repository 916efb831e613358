"""The site's languages, in one table that every stage reads: a new language is a row, not code.

Each ``Language`` says how the site writes and reads it: its CLDR locale (dates, plurals, alphabetical
order), its name for itself (the language switcher), its typographic style and date grammar (named
here, defined in ``text.typography`` and ``text.i18n``; a language with no grammar of its own says its
dates with CLDR's month names and the catalog's phrases), the letters people type without their
marks (search), and which languages stand in, in order, when one of its texts is missing.

``pelicanconf.py`` may set ``CULTURELINKS_LANGUAGES``: a list whose items are codes of ``KNOWN`` or
mappings of a ``Language``'s fields, in the site's order (the first is the site's first language).
Nothing here imports anything but the standard library: every stage, the data's included, reads it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any


def N_(message: str) -> str:  # noqa: N802 (the gettext convention, which pybabel extracts)
    """Mark a message that is translated later, once for each language of a multilingual page."""
    return message


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    #: Babel's and ICU's locale: dates, plural rules and collation.
    locale: str
    #: The language's name for itself, as the language switcher shows it.
    autonym: str
    #: Its name in English, as messages to editors say it.
    name: str
    #: "in Azerbaijani", as the catalogs translate it: the note on a text shown in this language on another's page.
    in_language: str = ""
    #: The typographic style of its texts (``text.typography.STYLES``); its quotes, spaces and what ``check`` asks.
    typography: str = "default"
    #: The grammar its dates are said in (``text.i18n``); ``default`` is CLDR's month names with the catalog's phrases.
    dates: str = "default"
    #: Letters people type without their marks, folded for search (``ə`` → ``e``).
    folding: Mapping[str, str] = field(default_factory=dict)
    #: The languages shown, in order, when a text is missing in this one.
    fallbacks: tuple[str, ...] = ()
    #: Whether the names the data gives (types, places, people, organisations) must be given in this language.
    required: bool = True

    def __hash__(self) -> int:
        return hash(self.code)


KNOWN: Mapping[str, Language] = MappingProxyType({language.code: language for language in (
    Language("az", "az", "Azərbaycanca", "Azerbaijani", N_("in Azerbaijani"), "az", "az",
             {"ə": "e", "Ə": "E", "ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C", "ğ": "g", "Ğ": "G",
              "ö": "o", "Ö": "O", "ü": "u", "Ü": "U"}, ("ru", "en")),
    Language("ru", "ru", "Русский", "Russian", N_("in Russian"), "ru", "ru", {"ё": "е", "Ё": "Е"}, ("az", "en")),
    Language("en", "en_GB", "English", "English", N_("in English"), "en", "default", {}, ("ru", "az")),
)})


@dataclass(frozen=True)
class Languages:
    """The site's languages, in its order; ``Languages.of(setting)`` reads ``CULTURELINKS_LANGUAGES``."""

    all: tuple[Language, ...]

    def __post_init__(self) -> None:
        codes = [language.code for language in self.all]
        if not codes or len(set(codes)) != len(codes):
            raise ValueError(f"the site's languages must be one or more distinct codes, found {codes}")
        # Asked for at every text shown (model.Localized.pick), and for every page planned: found once.
        object.__setattr__(self, "_codes", tuple(codes))
        object.__setattr__(self, "_by_code", {language.code: language for language in self.all})
        object.__setattr__(self, "_fallbacks", {language.code: tuple(dict.fromkeys(
            [language.code, *(other for other in language.fallbacks if other in codes), *codes]))
            for language in self.all})

    @classmethod
    def of(cls, setting: Sequence[str | Mapping[str, object]] | None) -> Languages:
        """The languages ``CULTURELINKS_LANGUAGES`` names (the three known ones when it is not set); ValueError
        says what is wrong with it."""
        if setting is None:
            return DEFAULT
        if isinstance(setting, (str, bytes)) or not isinstance(setting, Sequence):
            raise ValueError("CULTURELINKS_LANGUAGES must be a list of language codes or mappings")
        found = []
        names = {field_.name for field_ in fields(Language)}
        for item in setting:
            if isinstance(item, str):
                if item not in KNOWN:
                    raise ValueError(f"CULTURELINKS_LANGUAGES: {item!r} is not one of {', '.join(KNOWN)}; give it as "
                                     "a mapping with code, locale, autonym and name")
                found.append(KNOWN[item])
                continue
            if not isinstance(item, Mapping) or not {"code", "locale", "autonym", "name"} <= set(item):
                raise ValueError("CULTURELINKS_LANGUAGES: a language is a code, or a mapping with at least code, "
                                 "locale, autonym and name")
            unknown = set(item) - names
            if unknown:
                raise ValueError(f"CULTURELINKS_LANGUAGES: unknown field {sorted(unknown)[0]!r} of language "
                                 f"{item['code']!r} (the fields are {', '.join(sorted(names))})")
            values: dict[str, Any] = dict(item)
            values["fallbacks"] = tuple(values.get("fallbacks", ()))
            values["folding"] = dict(values.get("folding", {}))
            found.append(Language(**values))
        languages = cls(tuple(found))
        for given in found:
            if given.code in KNOWN and KNOWN[given.code] is given:
                continue  # a known language falls back to those of its fallbacks the site has
            stray = [code for code in given.fallbacks if code not in languages.codes]
            if stray:
                raise ValueError(f"CULTURELINKS_LANGUAGES: {given.code} falls back to {stray[0]!r}, which is not "
                                 "one of the site's languages")
        return languages

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes  # type: ignore[attr-defined] # set in __post_init__

    @property
    def first(self) -> Language:
        """The site's first language."""
        return self.all[0]

    @property
    def common(self) -> Language:
        """The language of what is made for readers of every language (the language chooser, the 404 page, the
        calendar): English when the site has it, else its first language."""
        return next((language for language in self.all if language.code == "en"), self.all[0])

    def __iter__(self) -> Iterator[Language]:
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code  # type: ignore[attr-defined] # set in __post_init__

    def __getitem__(self, code: str) -> Language:
        return self._by_code[code]  # type: ignore[attr-defined] # set in __post_init__

    def fallbacks(self, code: str) -> tuple[str, ...]:
        """``code`` and then the languages that stand in for it, each once: its own fallbacks that the site has,
        then the others in the site's order (so a text of any language is found)."""
        return self._fallbacks[code]  # type: ignore[attr-defined] # set in __post_init__

    def folding(self) -> dict[int, str]:
        """The letters every language of the site folds, as ``str.translate`` takes them."""
        return str.maketrans({letter: plain for language in self.all for letter, plain in language.folding.items()})


DEFAULT = Languages(tuple(KNOWN.values()))
