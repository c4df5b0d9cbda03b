"""Which Plural-Forms a new catalog gets: GNU gettext's formula where it has one, CLDR's elsewhere.

CLDR (through babel) and GNU gettext disagree for some languages, and CLDR moves: babel 2.19
gave French, Spanish, Italian and Portuguese a third, "many" form (for exact millions,
``n % 1000000 == 0``). ``msginit``, Poedit and Weblate's defaults, and every existing French
catalog use two forms. A catalog's Plural-Forms decides how many ``msgstr[N]`` every plural
entry carries, so changing it later asks translators to redo each plural message. So a new
catalog gets the formula ``msginit`` writes when ``msginit`` knows the language (the table
below), and babel's CLDR formula only for languages gettext has no formula for (Arabic,
Chinese, Catalan in gettext 0.21...). An existing catalog keeps the Plural-Forms its header
already has, as ``msgmerge`` does.
"""

from __future__ import annotations

GETTEXT_PLURAL_FORMS: dict[str, str] = {
    # Written by GNU gettext 0.21's ``msginit -l LANG`` (scripts/gettext_plurals.py regenerates
    # this table; tests/test_plurals.py checks it against the installed msginit).
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "bg": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "da": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "he": "nplurals=2; plural=(n != 1);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hu": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pt": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sv": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "vi": "nplurals=1; plural=0;",
}


def gettext_plural_forms(locale: str) -> str | None:
    """msginit's formula for ``locale`` (or for its language), ``None`` when gettext has none.

    >>> gettext_plural_forms("fr_CA")
    'nplurals=2; plural=(n > 1);'
    >>> gettext_plural_forms("zh_Hant") is None
    True
    """
    language = locale.replace("-", "_").split("@")[0]
    return GETTEXT_PLURAL_FORMS.get(language) or GETTEXT_PLURAL_FORMS.get(language.split("_")[0])


def cldr_plural_forms(locale: str) -> str:
    """babel's gettext rendering of CLDR's plural rules for ``locale``."""
    from babel.messages.plurals import get_plural

    return str(get_plural(locale).plural_forms)


def plural_forms_for(locale: str) -> str:
    """The Plural-Forms value a new catalog of ``locale`` gets: gettext's, else CLDR's.

    >>> plural_forms_for("vi")
    'nplurals=1; plural=0;'
    >>> plural_forms_for("fr")
    'nplurals=2; plural=(n > 1);'
    """
    return gettext_plural_forms(locale) or cldr_plural_forms(locale)
