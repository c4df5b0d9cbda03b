"""roadmapi18n: a roadmap kept as English YAML, translated in gettext catalogs, rendered to READMEs.

The pipeline, one module per stage::

    roadmap YAML --roadmap.py--> model --extract.py--> messages --catalog.py--> .pot/.po
                                   \\                                            |
                                    `------------------ render.py <------------'--> README.md

``repair`` and ``importer`` feed catalogs; ``checks`` read everything.
"""

import logging

__version__ = "0.1.0"

# Library code logs (notices such as "removed a byte-order mark"); the CLI shows them on stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())
