"""A roadmap repository as one object: config, English roadmap, catalogs, translations.

This is the Python API for sites and apps::

    from roadmapi18n.project import Project
    project = Project.open(Path("."))
    roadmap_vi = project.localized("vi")   # the model with Vietnamese text where confirmed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from roadmapi18n.catalog import Catalog, read_po
from roadmapi18n.config import ProjectConfig, load_config
from roadmapi18n.model import Roadmap, localize
from roadmapi18n.render import Language


@dataclass
class Project:
    """A loaded roadmap repository; every attribute is computed on first use."""

    config: ProjectConfig
    _catalogs: dict[str, Catalog | None] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, root: Path) -> Project:
        """Load ``root/roadmapi18n.toml``."""
        return cls(load_config(root))

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
            self._catalogs[code] = read_po(path) if path.exists() else None
        return self._catalogs[code]

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
    """Stable ID → translation, for live, non-fuzzy entries whose English still matches the roadmap."""
    current = {text.id: text.source for text in roadmap.texts()}
    result: dict[str, str] = {}
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or not message.msgstr or message.msgctxt is None:
            continue
        if current.get(message.msgctxt) == message.msgid:
            result[message.msgctxt] = message.msgstr
    return result
