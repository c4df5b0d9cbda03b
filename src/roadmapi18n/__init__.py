"""roadmapi18n: a roadmap kept as English YAML, translated in gettext catalogs, rendered to READMEs.

The pipeline, one module per stage::

    roadmap YAML --roadmap.py--> model --extract.py--> messages --merge.py--> .pot/.po (catalog.py)
                                   \\                                            |
                                    `---- render.py <-- publish.py (judge/) <--'--> README.md

``build.py`` runs the stages for every output file (``build`` writes them, ``check``
compares them); a new stage is a module of its own that ``build.py`` calls.
``sync`` (upstream English README), ``importer`` (legacy translations), ``repair``
(mojibake) and ``suggest`` (the other Chinese script) feed the YAML and the catalogs;
``checks`` read everything. README.md's *Development* section says what each module does.
"""

__version__ = "0.1.0"

# Modules that log install a NullHandler on the "roadmapi18n" logger themselves (see project.py):
# importing `logging` here would slow down `roadmapi18n merge`, which logs nothing.
