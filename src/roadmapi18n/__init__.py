"""roadmapi18n: a roadmap kept as English YAML, translated in gettext catalogs, rendered to READMEs.

The pipeline, one module per stage::

    roadmap YAML --roadmap.py--> model --extract.py--> messages --catalog.py--> .pot/.po
                                   \\                                            |
                                    `------------------ render.py <------------'--> README.md

``repair`` and ``importer`` feed catalogs; ``checks`` read everything.
"""

__version__ = "0.1.0"

# Modules that log install a NullHandler on the "roadmapi18n" logger themselves (see project.py):
# importing `logging` here would slow down `roadmapi18n merge`, which logs nothing.
