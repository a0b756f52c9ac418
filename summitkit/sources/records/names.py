"""Names of states, organizations, centres and networks in the language of a build.

A record's own `names` map wins; else the name CLDR (the Unicode Common Locale
Data Repository, read through Babel) gives for the state's ISO code, or for an
organization CLDR lists among its regions (European Union, United Nations); else
the name as recorded, in English. Babel is imported only when a name in another
language is asked for, so `summit check` does not pay for it.
"""

from __future__ import annotations

from functools import cache

from summitkit.sources.schema import Centre, Network, Organization, State


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def is_english(lang: str) -> bool:
    """A build with no language, or in English: names as recorded."""
    return not lang or _primary(lang) == "en"


@cache
def cldr_regions(lang: str) -> dict[str, str]:
    """CLDR's names of countries and regions in `lang`, by code (KR, EU); empty for a
    language CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(lang.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return {}


@cache
def cldr_code(iso3: str) -> str | None:
    """The CLDR region code of an ISO 3166-1 alpha-3 code (KOR → KR)."""
    from babel.core import get_global

    found = get_global("territory_aliases").get(iso3.upper())
    return found[0] if found and len(found) == 1 else None


@cache
def _english_region_codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in cldr_regions("en").items()}


def cldr_name(record: State | Organization, lang: str) -> str | None:
    """CLDR's name of a state or organization in `lang`, where CLDR has one."""
    if isinstance(record, State):
        code = cldr_code(record.iso3)
    else:
        english = _english_region_codes()
        code = english.get(record.name.casefold()) or english.get(record.short_name.casefold())
    if code is None:
        return None
    return cldr_regions(lang).get(code) or cldr_regions(_primary(lang)).get(code)


def localised_name(record: State | Organization | Centre | Network, lang: str) -> str:
    """The name to print in a build in `lang` (see the module's docstring)."""
    if is_english(lang):
        return str(record.name)
    own = record.names.get(lang) or record.names.get(_primary(lang))
    if own:
        return own
    if isinstance(record, (State, Organization)):
        return cldr_name(record, lang) or str(record.name)
    return str(record.name)
