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
from typing import TYPE_CHECKING

from roadmapi18n.catalog import Catalog, read_po
from roadmapi18n.config import ProjectConfig, load_config
from roadmapi18n.model import Roadmap, localize
from roadmapi18n.render import Language, RenderTarget

if TYPE_CHECKING:
    from roadmapi18n.publish import Publication

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
