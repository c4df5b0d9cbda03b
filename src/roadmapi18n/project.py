"""A roadmap repository as one object: config, English roadmap, catalogs, translations.

This is the Python API for sites and apps::

    from roadmapi18n.project import Project
    project = Project.open(Path("."))
    roadmap_vi = project.localized("vi")   # the model with Vietnamese text where confirmed
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from roadmapi18n.catalog import Catalog, read_po
from roadmapi18n.config import ProjectConfig, load_config
from roadmapi18n.model import Roadmap, localize
from roadmapi18n.render import Language

log = logging.getLogger(__name__)
# Library code logs notices (e.g. "removed a byte-order mark"); the CLI shows them on stderr, a library user
# sees nothing unless they configure logging.
if not logging.getLogger("roadmapi18n").handlers:
    logging.getLogger("roadmapi18n").addHandler(logging.NullHandler())


@dataclass
class Project:
    """A loaded roadmap repository; every attribute is computed on first use."""

    config: ProjectConfig
    _catalogs: dict[str, Catalog | None] = field(default_factory=dict, repr=False)

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
        """The locale's .po file as it is on disk (strictly read), or None if it does not exist yet."""
        if code not in self._catalogs:
            self.config.locale(code)  # unknown locale → clear error
            path = self.config.po_path(code)
            catalog = read_po(path) if path.exists() else None
            for note in catalog.notes if catalog else []:
                log.warning("%s: %s", self.config.relative(path), note)
            self._catalogs[code] = catalog
        return self._catalogs[code]

    def with_catalog(self, code: str, catalog: Catalog) -> Project:
        """This project seeing ``catalog`` as ``code``'s .po file (one about to be written)."""
        self.config.locale(code)
        return Project(self.config, {**self._catalogs, code: catalog})

    def forget_catalog(self, code: str) -> None:
        """Let go of the cached catalog of ``code`` (the next :meth:`catalog` call reads the file again)."""
        self._catalogs.pop(code, None)

    def localized(self, code: str) -> Roadmap:
        """The roadmap model showing ``code``'s confirmed translations (English elsewhere)."""
        if code == self.config.source_locale:
            return self.roadmap
        catalog = self.catalog(code)
        return localize(self.roadmap, confirmed_translations(catalog, self.roadmap) if catalog else {})


def confirmed_translations(catalog: Catalog, roadmap: Roadmap) -> dict[str, str]:
    """Stable ID → translation, for live, non-fuzzy entries whose English still matches the roadmap.

    A translation that could not be shown safely in place of its English is left out, so the
    README shows the English there (``roadmapi18n check`` reports the entry): see :func:`shows_safely`.
    """
    current = {text.id: text.source for text in roadmap.texts()}
    result: dict[str, str] = {}
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or not message.msgstr or message.msgctxt is None:
            continue
        unit = message.msgctxt
        if current.get(unit) == message.msgid and shows_safely(unit, message.msgid, message.msgstr):
            result[unit] = message.msgstr
    return result


def shows_safely(unit_id: str, source: str, translation: str) -> bool:
    """Whether ``translation`` may replace ``source`` in a README.

    It may not add a link or image target the English lacks (another site, ``javascript:``),
    break the one-line unit onto several lines (which would end a list item or table row and
    could start new Markdown blocks), or use placeholders a label is not filled with.

    >>> shows_safely("a.title", "See [x](https://a.example)", "Xem [x](https://a.example)")
    True
    >>> shows_safely("a.title", "See docs", "Xem [docs](javascript:alert(1))")
    False
    """
    from roadmapi18n.checks.integrity import link_targets  # lazy: the checks package imports this module
    from roadmapi18n.schema import LABEL_PLACEHOLDERS, placeholder_problem

    if ("\n" in translation or "\r" in translation) and not ("\n" in source or "\r" in source):
        return False
    if not set(link_targets(translation)) <= set(link_targets(source)):
        return False
    if unit_id.startswith("labels.") and (allowed := LABEL_PLACEHOLDERS.get(unit_id[len("labels.") :])):
        return placeholder_problem(translation, allowed) is None
    return True
