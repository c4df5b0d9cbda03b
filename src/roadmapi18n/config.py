"""The project configuration file, ``roadmapi18n.toml``, at the root of a roadmap repository.

It says where the roadmap YAML lives, where catalogs and READMEs go, and which
locales exist. Every path in it is relative to the repository root and must
stay inside it. ``--root`` on the command line points at another repository
laid out the same way.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input

CONFIG_NAME = "roadmapi18n.toml"

_TOP_KEYS = {"name", "roadmap", "source_readme", "locales_dir", "domain", "source_locale", "source_label"}
_TOP_KEYS |= {"bugs_address", "coverage_table", "locales"}
_LOCALE_KEYS = {"code", "label", "min_coverage", "suggest_from"}
# POSIX-style locale names as used in gettext directory names: ll, ll_CC, ll_Script, ll_Script_CC.
_LOCALE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?$")


@dataclass(frozen=True, slots=True)
class LocaleConfig:
    """One target locale: its gettext code, the name shown in the language switcher, and its CI floor."""

    code: str
    label: str
    min_coverage: float | None = None
    suggest_from: str | None = None
    """Another locale whose confirmed translations are offered, converted, as fuzzy suggestions (Chinese scripts)."""


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """Resolved project settings; all paths are absolute and inside ``root``."""

    root: Path
    name: str
    roadmap: Path
    source_readme: Path
    locales_dir: Path
    domain: str
    source_locale: str
    source_label: str
    bugs_address: str
    locales: tuple[LocaleConfig, ...]
    coverage_table: Path | None = None
    """A Markdown file whose ``<!-- coverage:start -->…<!-- coverage:end -->`` region build keeps current."""

    @property
    def config_path(self) -> Path:
        """The ``roadmapi18n.toml`` this configuration came from."""
        return self.root / CONFIG_NAME

    @property
    def pot_path(self) -> Path:
        """The template every catalog is merged from."""
        return self.locales_dir / f"{self.domain}.pot"

    def po_path(self, code: str) -> Path:
        """The translators' catalog for one locale."""
        return self.locales_dir / code / "LC_MESSAGES" / f"{self.domain}.po"

    def mo_path(self, code: str) -> Path:
        """The compiled catalog (a build product, not committed)."""
        return self.locales_dir / code / "LC_MESSAGES" / f"{self.domain}.mo"

    def readme_path(self, code: str) -> Path:
        """Where the README for ``code`` (the source locale included) is rendered."""
        if code == self.source_locale:
            return self.source_readme
        return self.locales_dir / code / "README.md"

    def badge_path(self, code: str) -> Path:
        """The coverage badge shown in a translated README's status line (a build output)."""
        return self.locales_dir / code / "coverage.svg"

    def locale(self, code: str) -> LocaleConfig:
        """The configured target locale ``code``, or a clear error listing the known ones."""
        for locale in self.locales:
            if locale.code == code:
                return locale
        known = ", ".join([self.source_locale, *(loc.code for loc in self.locales)])
        if code == self.source_locale:
            raise RoadmapError(
                f"{code!r} is the source locale: it has no catalog",
                path=self.config_path,
                hint=f"name a target locale ({known.partition(', ')[2] or 'none configured'})",
            )
        raise RoadmapError(
            f"unknown locale {code!r}",
            path=self.config_path,
            hint=f"configured locales are: {known}; add one with "
            f"`roadmapi18n init-locale {code if _LOCALE_CODE.match(code) else 'CODE'}`",
        )

    def input_paths(self) -> dict[Path, str]:
        """What build reads, as {path with links resolved: what it is}: the configuration, the roadmap, the catalogs.

        The roadmap's part files are inputs too: see ``is_part_file``.
        """
        inputs = {
            Path(os.path.realpath(self.config_path)): f"the configuration {CONFIG_NAME}",
            Path(os.path.realpath(self.roadmap)): "the roadmap YAML",
        }
        inputs.update(
            {Path(os.path.realpath(self.po_path(loc.code))): f"the {loc.code} catalog" for loc in self.locales}
        )
        return inputs

    def is_part_file(self, real: Path) -> bool:
        """``real`` (links resolved) is a YAML file of the roadmap's ``parts`` folder."""
        parts = Path(os.path.realpath(self.roadmap.parent / "parts"))
        return real.parent == parts and real.suffix.lower() in (".yaml", ".yml")

    def inside_git_dir(self, real: Path) -> bool:
        """``real`` (links resolved) is under the repository's ``.git/``."""
        real_root = Path(os.path.realpath(self.root))
        relative = real.relative_to(real_root) if real.is_relative_to(real_root) else real
        return bool(relative.parts) and relative.parts[0].casefold() == ".git"

    def refuse_side_output(self, path: Path, option: str, *, reads: tuple[Path | None, ...] = ()) -> None:
        """A file named on the command line for a side product (``--report``) replaces nothing the project
        reads (``reads``: the command's own inputs) or build writes, and nothing under ``.git/``: a report
        written over the roadmap would lose it."""
        real = Path(os.path.realpath(path))
        clash = self.input_paths().get(real)
        if clash is None and any(Path(os.path.realpath(read)) == real for read in reads if read is not None):
            clash = "a file this command reads"
        if clash is None and self.is_part_file(real):
            clash = "a roadmap part file"
        if clash is None and self.inside_git_dir(real):
            clash = "inside .git/ (git's own files)"
        if clash is None:
            clash = next((what for what, _, output in self.outputs() if Path(os.path.realpath(output)) == real), None)
        if clash is not None:
            raise RoadmapError(
                f"{option} {path} would replace {clash}",
                hint=f"write the {option.lstrip('-')} to a file of its own, e.g. {option} report.json",
            )

    def outputs(self) -> list[tuple[str, str, Path]]:
        """Every file build writes, as (what it is, the setting that places it, path), the explicit settings first."""
        found = [("the English README", "source_readme", self.source_readme)]
        if self.coverage_table is not None:
            found.append(("the coverage table", "coverage_table", self.coverage_table))
        found.append(("the template", "locales_dir", self.pot_path))
        found += [("a JSON Schema", "roadmap", path) for path in self.schema_paths]
        for locale in self.locales:
            code = locale.code
            found += [
                (f"the {code} catalog", "locales_dir", self.po_path(code)),
                (f"the {code} README", "locales_dir", self.readme_path(code)),
                (f"the {code} coverage badge", "locales_dir", self.badge_path(code)),
                (f"the {code} compiled catalog", "locales_dir", self.mo_path(code)),
            ]
        return found

    @property
    def schema_paths(self) -> tuple[Path, ...]:
        """The JSON Schemas build writes beside the roadmap YAML (for editors)."""
        from roadmapi18n import schema

        return tuple(self.roadmap.parent / f"{shape.name}.schema.json" for shape in (schema.COURSE, schema.PART))

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository root, with forward slashes (for messages and #: lines)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def validate_locale_code(code: str, *, path: Path | None = None, line: int | None = None) -> str:
    """Check that ``code`` is a gettext-style locale name babel knows; return it unchanged.

    >>> validate_locale_code("zh_Hant")
    'zh_Hant'
    """
    if not _LOCALE_CODE.match(code):
        raise RoadmapError(
            f"{code!r} is not a locale code",
            path=path,
            line=line,
            hint="use a gettext locale name such as 'vi', 'pt_BR' or 'zh_Hant' (no paths, no dashes)",
        )
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise RoadmapError(
            f"{code!r} is not a locale known to CLDR",
            path=path,
            line=line,
            hint="check the spelling; babel lists the known ones in babel.localedata.locale_identifiers()",
        ) from None
    return code


def load_config(root: Path) -> ProjectConfig:
    """Read and validate ``root/roadmapi18n.toml``."""
    root = root.resolve()
    path = root / CONFIG_NAME
    try:
        source = read_input(path, root=root).decode("utf-8")
        raw = tomllib.loads(source)
    except FileNotFoundError:
        raise RoadmapError(
            f"no {CONFIG_NAME} here",
            path=path,
            hint="run roadmapi18n from the repository root, or pass --root PATH",
        ) from None
    except UnicodeDecodeError as exc:
        raise RoadmapError(f"not UTF-8: {exc.reason}", path=path, hint="save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        # Python before 3.14 gives the place only in the message: "Invalid value (at line 2, column 19)".
        where = _TOML_PLACE.search(str(exc))
        message = str(exc)[: where.start()] if where else str(exc)
        line, column = (int(where[1]), int(where[2])) if where else (None, None)
        raise RoadmapError(
            f"invalid TOML: {message}", path=path, line=line, column=column, hint="fix the TOML syntax"
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively: a few hundred "[" exhaust Python's stack.
        raise RoadmapError(
            "TOML nested too deeply",
            path=path,
            line=_deep_line(source),
            hint="a roadmapi18n.toml nests two levels (the [[locales]] tables): check the brackets here",
        ) from None
    return _config_from_table(root, path, raw, source)


def _deep_line(source: str, limit: int = 100) -> int | None:
    """1-based line where brackets and braces, counted as if no string held any, first open ``limit`` deep.

    >>> _deep_line('name = "x"'), _deep_line("x = " + "[" * 200 + "]" * 200)
    (None, 1)
    """
    depth = 0
    for number, line in enumerate(source.splitlines(), 1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth >= limit:
                return number
    return None


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _key_line(source: str, key: str, *, start: int = 1) -> int | None:
    """1-based line of the first ``key = ...`` at or after line ``start`` (for error messages), if written so."""
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    for number, line in enumerate(source.splitlines()[start - 1 :], start):
        if pattern.match(line):
            return number
    return None


def _table_lines(source: str) -> list[int]:
    """1-based lines of the ``[[locales]]`` headers, in order."""
    return [n for n, line in enumerate(source.splitlines(), 1) if line.strip() == "[[locales]]"]


def _config_from_table(root: Path, path: Path, raw: dict[str, Any], source: str = "") -> ProjectConfig:
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise RoadmapError(
            f"unknown setting {unknown[0]!r}",
            path=path,
            line=_key_line(source, unknown[0]),
            hint=f"known settings: {', '.join(sorted(_TOP_KEYS))}",
        )

    def text(key: str, default: str) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise RoadmapError(
                f"{key!r} must be a non-empty string",
                path=path,
                line=_key_line(source, key),
                hint=f'write {key} = "..." (or remove the line for the default {default!r})',
            )
        return value

    def inside(key: str, default: str) -> Path:
        return inside_root(root, text(key, default), origin=path, line=_key_line(source, key))

    source_locale = validate_locale_code(
        text("source_locale", "en"), path=path, line=_key_line(source, "source_locale")
    )
    tables = _table_list(path, raw.get("locales", []))
    starts = _table_lines(source)
    starts = starts if len(starts) == len(tables) else [0] * len(tables)
    locales = tuple(_locale_from_table(path, entry, source, start) for entry, start in zip(tables, starts, strict=True))
    codes = [loc.code for loc in locales]
    for index, code in enumerate(codes):
        if code in codes[:index] or code == source_locale:
            raise RoadmapError(
                f"locale {code!r} is listed twice",
                path=path,
                line=starts[index] or None,
                hint="remove the duplicate [[locales]] table (the source locale needs none)",
            )
    for index, locale in enumerate(locales):
        _check_suggestions(path, locale, codes, starts[index], source)
    domain = text("domain", "roadmap")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", domain):
        raise RoadmapError(
            f"domain {domain!r} must be a plain file name",
            path=path,
            line=_key_line(source, "domain"),
            hint="the catalogs are named DOMAIN.po: use letters, digits, '_', '.' or '-', e.g. domain = \"roadmap\"",
        )
    config = ProjectConfig(
        root=root,
        name=text("name", root.name),
        roadmap=inside("roadmap", "roadmap/course.yaml"),
        source_readme=inside("source_readme", "roadmap/README.md"),
        locales_dir=inside("locales_dir", "locales"),
        domain=domain,
        source_locale=source_locale,
        source_label=text("source_label", "English"),
        bugs_address=raw.get("bugs_address", "") if isinstance(raw.get("bugs_address", ""), str) else "",
        locales=locales,
        coverage_table=inside("coverage_table", "") if raw.get("coverage_table") else None,
    )
    _refuse_overlapping_outputs(config, source)
    for key, named in (("roadmap", config.roadmap), ("source_readme", config.source_readme)):
        if named.is_dir():  # else the error would name the folder and suggest replacing it with a file
            inner = "course.yaml" if key == "roadmap" else "README.md"
            raise RoadmapError(
                f"{key} = {named.relative_to(root).as_posix()!r} is a folder; it names a file",
                path=path,
                line=_key_line(source, key),
                hint=f'write {key} = "{(named / inner).relative_to(root).as_posix()}" (the file in that folder)',
            )
    return config


_MARKDOWN_SUFFIXES = (".md", ".markdown")


def _refuse_overlapping_outputs(config: ProjectConfig, source: str) -> None:
    """No output may replace an input, another output, or anything under ``.git/``.

    Inputs are this file, the roadmap YAML (and every YAML file of its ``parts`` folder);
    the catalogs are both. The two outputs a setting names directly must be Markdown files,
    so no setting can point build at a script, a workflow or a config file either.
    Paths are compared once symbolic links are resolved.
    """
    hint = (
        "give every output its own path: an output never replaces an input (roadmapi18n.toml, the roadmap YAML, "
        "a catalog), another output, or anything under .git/"
    )

    def refuse(key: str, message: str) -> RoadmapError:
        return RoadmapError(message, path=config.config_path, line=_key_line(source, key), hint=hint)

    inputs = config.input_paths()
    seen: dict[Path, tuple[str, str]] = {}
    for what, key, path in config.outputs():
        real = Path(os.path.realpath(path))
        shown = config.relative(path)
        if config.inside_git_dir(real):
            raise refuse(key, f"{what} would be written to {shown}, inside .git/ (git's own files)")
        clash = inputs.get(real)
        if clash == what:  # a catalog is read, then written
            clash = None
        if clash is None and config.is_part_file(real):
            clash = "a roadmap part file"
        if clash is None and real in seen:
            clash, first = seen[real]
            # Point at the setting written in the file: the first one's, unless it is a default.
            key = first if _key_line(source, first) is not None else key
        if clash is not None:
            raise refuse(key, f"{what} would be written to {shown}, which is {clash}")
        if key in ("source_readme", "coverage_table") and path.suffix.lower() not in _MARKDOWN_SUFFIXES:
            raise refuse(key, f"{key} {shown!r} is not a Markdown file (.md): build writes Markdown there")
        seen[real] = (what, key)


def _check_suggestions(path: Path, locale: LocaleConfig, codes: list[str], start: int, source: str) -> None:
    """``suggest_from`` names another configured locale that OpenCC can convert from."""
    if locale.suggest_from is None:
        return
    line = (_key_line(source, "suggest_from", start=start) or start) if start else None
    if locale.suggest_from == locale.code or locale.suggest_from not in codes:
        raise RoadmapError(
            f"suggest_from for {locale.code!r} must name another configured locale, not {locale.suggest_from!r}",
            path=path,
            line=line,
            hint=f"configured locales: {', '.join(codes)}",
        )
    from roadmapi18n.suggest import check_pair

    try:
        check_pair(locale.suggest_from, locale.code)
    except RoadmapError as error:
        raise RoadmapError(error.message, path=path, line=line, hint=error.hint) from None


def _table_list(path: Path, value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RoadmapError(
            "'locales' must be a list of [[locales]] tables",
            path=path,
            hint='write one [[locales]] table per locale, each with code = "..." and label = "..."',
        )
    return value


def _locale_from_table(path: Path, entry: dict[str, Any], source: str = "", start: int = 0) -> LocaleConfig:
    def line(key: str) -> int | None:
        return (_key_line(source, key, start=start) or start) if start else None

    unknown = sorted(set(entry) - _LOCALE_KEYS)
    if unknown:
        raise RoadmapError(
            f"unknown locale setting {unknown[0]!r}",
            path=path,
            line=line(unknown[0]),
            hint=f"known: {', '.join(sorted(_LOCALE_KEYS))}",
        )
    code = entry.get("code")
    if not isinstance(code, str):
        raise RoadmapError(
            'every [[locales]] table needs code = "..."', path=path, line=line("code"), hint='e.g. code = "vi"'
        )
    validate_locale_code(code, path=path, line=line("code"))
    label = entry.get("label") or _native_name(code)
    min_coverage = entry.get("min_coverage")
    if min_coverage is not None and (
        isinstance(min_coverage, bool) or not isinstance(min_coverage, (int, float)) or not 0 <= min_coverage <= 100
    ):
        raise RoadmapError(
            f"min_coverage for {code!r} must be a percentage between 0 and 100",
            path=path,
            line=line("min_coverage"),
            hint="e.g. min_coverage = 40",
        )
    suggest_from = entry.get("suggest_from")
    if suggest_from is not None and not isinstance(suggest_from, str):
        raise RoadmapError(
            f"suggest_from for {code!r} must be a locale code",
            path=path,
            line=line("suggest_from"),
            hint='e.g. "zh_Hant"',
        )
    return LocaleConfig(
        code=code,
        label=str(label),
        min_coverage=None if min_coverage is None else float(min_coverage),
        suggest_from=suggest_from,
    )


def _native_name(code: str) -> str:
    """The language's name in itself, from CLDR (used when the config gives no label)."""
    from babel import Locale

    locale = Locale.parse(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def inside_root(root: Path, relative: str, *, origin: Path | None = None, line: int | None = None) -> Path:
    """Resolve ``relative`` against ``root``, refusing anything that escapes the repository (symlinks included)."""
    candidate = (root / relative).resolve()
    if candidate != root and root not in candidate.parents:
        raise RoadmapError(
            f"path {relative!r} points outside the repository {root}",
            path=origin,
            line=line,
            hint="use a path relative to the repository root, without '..' or absolute prefixes",
        )
    return candidate


def with_locale(config: ProjectConfig, code: str, *, label: str | None = None) -> tuple[ProjectConfig, str]:
    """The configuration with ``code`` added, and the new roadmapi18n.toml text (nothing is written).

    The ``[[locales]]`` table is appended as text, which keeps the file's comments intact.
    """
    validate_locale_code(code, path=config.config_path)
    if code == config.source_locale or any(loc.code == code for loc in config.locales):
        raise RoadmapError(
            f"locale {code!r} is already configured", path=config.config_path, hint="its catalog is built already"
        )
    locale = LocaleConfig(code=code, label=label or _native_name(code))
    text = config.config_path.read_text(encoding="utf-8")
    block = f'\n[[locales]]\ncode = "{code}"\nlabel = {_toml_string(locale.label)}\n'
    return dataclasses.replace(config, locales=(*config.locales, locale)), text.rstrip("\n") + "\n" + block


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML for these characters)."""
    import json

    return json.dumps(value, ensure_ascii=False)
