"""A roadmap repository as one object: config, English roadmap, catalogs, translations.

This is the Python API for sites and apps::

    from roadmapi18n.project import Project
    project = Project.open(Path("."))
    roadmap_vi = project.localized("vi")   # the model with Vietnamese text where confirmed
"""

from __future__ import annotations

import copy
import logging
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from roadmapi18n.catalog import Catalog, Message, read_po
from roadmapi18n.config import ProjectConfig, load_config
from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.model import Roadmap, localize
from roadmapi18n.render import Language, RenderTarget

if TYPE_CHECKING:
    from roadmapi18n.publish import Publication

log = logging.getLogger(__name__)
# Library code logs notices (e.g. "removed a byte-order mark"); the CLI shows them on stderr, a library user
# sees nothing unless they configure logging.
if not logging.getLogger("roadmapi18n").handlers:
    logging.getLogger("roadmapi18n").addHandler(logging.NullHandler())


DROPPED_IDS = "a tool dropped the stable IDs"
"""Part of the note :meth:`Project.restore_dropped_ids` leaves on a catalog (``check`` words its finding with it)."""


@dataclass
class Project:
    """A loaded roadmap repository; every attribute is computed on first use."""

    config: ProjectConfig
    _catalogs: dict[str, Catalog | None] = field(default_factory=dict, repr=False)
    _unreadable: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Project:
        """Load ``root/roadmapi18n.toml``."""
        return cls(load_config(Path(root)))

    @cached_property
    def roadmap(self) -> Roadmap:
        """The English roadmap, validated."""
        from roadmapi18n.roadmap import load_roadmap

        return load_roadmap(self.config.roadmap, root=self.config.root)

    @property
    def locale_codes(self) -> list[str]:
        """Target locales, in configuration order."""
        return [locale.code for locale in self.config.locales]

    @property
    def languages(self) -> list[Language]:
        """Source and target languages for the README language switcher."""
        cfg = self.config
        return [
            Language(cfg.source_locale, cfg.source_label, cfg.readme_path(cfg.source_locale)),
            *(Language(loc.code, loc.label, cfg.readme_path(loc.code)) for loc in cfg.locales),
        ]

    def catalog(self, code: str) -> Catalog | None:
        """The locale's .po file as it is on disk (strictly read), or None if it does not exist yet.

        It must be a regular file inside the repository and a whole catalog: see
        :func:`~roadmapi18n.po.reader.read_po` and :meth:`refuse_truncated`.
        """
        if code not in self._catalogs:
            self.config.locale(code)  # unknown locale → clear error
            path = self.config.po_path(code)
            try:
                catalog = read_po(path, root=self.config.root) if os.path.lexists(path) else None
                if catalog is not None:
                    self.restore_dropped_ids(catalog)
                    self.refuse_truncated(catalog, path)
            except RoadmapError:
                self._unreadable.add(code)
                raise
            for note in catalog.notes if catalog else []:
                log.warning("%s: %s", self.config.relative(path), note)
            self._catalogs[code] = catalog
        return self._catalogs[code]

    def known_unreadable(self, code: str) -> bool:
        """Whether :meth:`catalog` already refused the locale's catalog (``check`` reports it and goes on)."""
        return code in self._unreadable

    def restore_dropped_ids(self, catalog: Catalog) -> None:
        """Give back their stable IDs to entries a tool saved without their ``msgctxt`` line, by their English.

        A round trip through XLIFF or CSV (translate-toolkit's po2xliff and xliff2po) drops every msgctxt:
        the translations are all there, only their IDs are lost. An entry whose msgid is the English of
        one roadmap passage the catalog lacks gets that passage's ID; English that several such passages
        share gives each a copy, fuzzy (the translator checks each place). What matches no passage stays
        as it is: build keeps it as an obsolete entry, translation included.
        """
        unnamed = [m for m in catalog.messages if m.msgctxt is None and not m.obsolete and m.msgid]
        if not unnamed:
            return
        present = {m.msgctxt for m in catalog.messages if m.msgctxt is not None and not m.obsolete}
        units: dict[str, list[str]] = {}
        for text in self.roadmap.texts():
            if text.id not in present:
                units.setdefault(text.source, []).append(text.id)
        restored: dict[int, list[Message]] = {}
        for message in unnamed:
            ids = units.pop(message.msgid, [])
            copies = [message] + [copy.copy(message) for _ in ids[1:]]
            for entry, unit in zip(copies, ids, strict=False):
                entry.msgctxt = unit
                if len(ids) > 1:
                    entry.flags = list(entry.flags)
                    entry.fuzzy = entry.fuzzy or entry.has_translation
            if ids:
                restored[id(message)] = copies[: len(ids)]
        if not restored:
            return
        catalog.messages = [entry for m in catalog.messages for entry in restored.get(id(m), [m])]
        count = sum(map(len, restored.values()))
        catalog.notes.append(
            f"{count} entr{'ies' if count != 1 else 'y'} had no msgctxt line ({DROPPED_IDS}): "
            "restored from their English"
        )

    def refuse_truncated(self, catalog: Catalog, path: Path) -> None:
        """Refuse a catalog that lacks the end of the template it was merged from: it was cut short.

        ``build`` puts every entry of the template into every catalog, in the
        template's order, and stamps the template's POT-Creation-Date in its
        header. So a catalog with the date of the template on disk holds all its
        entries, and one that lacks the template's last entry lost its end (a cut
        between two entries leaves a file that parses). A catalog with no entry
        at all is refused whatever its date (a cut inside its header).
        """
        template = self._template_on_disk
        if template is None or not template.units:
            return
        live = {message.msgctxt for message in catalog.messages if not message.obsolete}
        merged_from_it = catalog.headers.get("POT-Creation-Date") == template.date
        if (merged_from_it and template.units[-1] not in live) or not catalog.messages:
            missing = [unit for unit in template.units if unit not in live]
            unnamed = [m for m in catalog.messages if m.msgctxt is None and not m.obsolete and m.msgid]
            if unnamed:
                raise RoadmapError(
                    f"{len(unnamed)} entries have no msgctxt line (the stable ID), from {unnamed[0].msgid[:60]!r} "
                    f"on, and the catalog lacks {len(missing)} of the {len(template.units)} entries of "
                    f"{self.config.relative(self.config.pot_path)}: the tool that saved it dropped the msgctxt "
                    "lines (a conversion to XLIFF or CSV and back does)",
                    path=path,
                    line=unnamed[0].lineno or None,
                    hint="restore the file (`git checkout -- FILE`) and translate in it with a tool that keeps "
                    "each entry's msgctxt line",
                )
            last = max((message.lineno for message in catalog.messages), default=1)
            raise RoadmapError(
                f"the catalog lacks {len(missing)} of the {len(template.units)} entries of "
                f"{self.config.relative(self.config.pot_path)}, from {missing[0]!r} on: it looks cut short "
                f"after line {last}",
                path=path,
                line=last,
                hint="restore the whole file (`git checkout -- FILE`, or your editor's copy); entries are never "
                "deleted by hand: roadmapi18n build adds and retires them",
            )

    @cached_property
    def _template_on_disk(self) -> _TemplateUnits | None:
        """The unit IDs and date of the template on disk, or None when it is missing or not a plain file."""
        return _TemplateUnits.read(self.config.pot_path, self.config.root)

    def with_catalog(self, code: str, catalog: Catalog) -> Project:
        """This project seeing ``catalog`` as ``code``'s .po file (one about to be written)."""
        self.config.locale(code)
        return Project(self.config, {**self._catalogs, code: catalog})

    def forget_catalog(self, code: str) -> None:
        """Let go of the cached catalog of ``code`` (the next :meth:`catalog` call reads the file again)."""
        self._catalogs.pop(code, None)

    def readme_target(self, code: str) -> RenderTarget:
        """Where and for whom ``code``'s README is rendered (the source locale's too)."""
        cfg = self.config
        return RenderTarget(
            locale=code,
            readme=cfg.readme_path(code),
            roadmap_dir=cfg.roadmap.parent,
            languages=self.languages,
            catalog=None if code == cfg.source_locale else cfg.po_path(code),
            badge=None if code == cfg.source_locale else cfg.badge_path(code),
        )

    def publication(self, code: str) -> Publication:
        """What ``code``'s README shows, from its catalog as it is on disk (see :mod:`roadmapi18n.publish`)."""
        from roadmapi18n.catalog import Catalog
        from roadmapi18n.publish import publish

        catalog = self.catalog(code) or Catalog(headers={}, header_comments=[], header_flags=[], messages=[])
        return publish(self.roadmap, catalog, self.readme_target(code))

    def localized(self, code: str) -> Roadmap:
        """The roadmap model showing what ``code``'s README shows: its published translations, English elsewhere."""
        if code == self.config.source_locale:
            return self.roadmap
        return localize(self.roadmap, self.publication(code).shown)


_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)
_POT_UNIT = re.compile(rb'^msgctxt "([^"\\]*)"$', re.MULTILINE)
_CONFLICT_MARKER = re.compile(rb"^(<{7}|={7}|>{7})", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _TemplateUnits:
    """What :meth:`Project.refuse_truncated` needs of the template: its date and its unit IDs, in order."""

    date: str
    units: tuple[str, ...]

    @classmethod
    def read(cls, path: Path, root: Path) -> _TemplateUnits | None:
        # Only the header and msgctxt lines are looked at: one with unusual msgctxt lines only yields fewer
        # IDs (a weaker check, never a false refusal). A template in a merge conflict holds both sides' IDs
        # and dates: it says nothing about the catalogs (build regenerates it).
        try:
            data = read_input(path, root=root)
        except (OSError, RoadmapError):
            return None
        date = _POT_DATE.search(data, 0, 4096)
        if date is None or _CONFLICT_MARKER.search(data):
            return None
        units = tuple(match.decode("utf-8", "replace") for match in _POT_UNIT.findall(data))
        return cls(date.group(1).decode("utf-8", "replace"), units)
