"""Helpers for the sync tests: a small course as an upstream README, translating every unit, invariants."""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from roadmapi18n.build import build_project
from roadmapi18n.catalog import Catalog, read_po, write_po
from roadmapi18n.cli import main
from roadmapi18n.project import Project
from roadmapi18n.sync import SyncPlan, plan_sync, write_sync
from roadmapi18n.sync.carry import lost_translations, wording

DATA = Path(__file__).parent / "data"

_BADGE = '<img src="img/colab.svg" alt="Open In Colab">'
_ROWS = (
    f'| 🧐 [AutoEval](https://example.com/autoeval) | Evaluate models automatically. | <a href="https://colab.research.google.com/drive/abc">{_BADGE}</a> |\n'  # noqa: E501
    f'| 🥱 LazyMerge | Merge models in one click. | <a href="https://colab.research.google.com/drive/def">{_BADGE}</a> |\n'  # noqa: E501
)
SMALL_README = """\
<div align="center">
  <h1>🗣️ Small Course</h1>
  <p align="center">
    💻 <a href="https://example.com/blog">Blog</a> •
    📙 <a href="https://example.com/book">Book</a>
  </p>
</div>
<br/>

The course has two parts:

1. 🧩 **Basics** covers the basics.
2. 🧑‍🔬 **The Scientist** builds models.

## 📝 Notebooks

Some notebooks.

### Tools

| Notebook | Description | Notebook |
|---|---|---|
{ROWS}
## 🧩 Basics

Start here.

![](img/basics.png)

### 1. Mathematics

Math matters.

- **Linear Algebra**: Vectors and **matrices**, see [NumPy](https://numpy.org/doc/1.0).
- **Calculus**: Derivatives and integrals for optimisation.
- **Statistics**: Distributions, variance and hypothesis tests.

📚 Resources:

- [The Essence of Linear Algebra](https://example.com/essence): A video series by a famous channel.
- [Seeing Theory](https://example.com/seeing): A visual introduction to probability.

---

### 2. Python

- **Python Basics**: Syntax, data types and error handling.
- **Data Science Libraries**: NumPy for numbers, Pandas for tables.

📚 Resources:

- [Real Python](https://realpython.com/): Tutorials for every level.

## 🧑‍🔬 The Scientist

Build the best models.

### 1. Fine-Tuning

Turn base models into assistants.

* **LoRA**: Train small adapter matrices instead of every weight.
* **QLoRA**: LoRA on a quantized base model to save memory.

📚 **References**:
* [LoRA insights](https://example.com/lora) by Sebastian Raschka: How to pick the best parameters.

---
### 2. Evaluation

Measure what matters.

* **Benchmarks**: Curated datasets and metrics such as MMLU.
* **Human evaluation**: People grade the answers of the model.

📚 **References**:
* [Chatbot Arena](https://example.com/arena) by LMSYS: Elo ratings from human votes.

---
## Acknowledgements

Inspired by the [DevOps Roadmap](https://example.com/devops).

Special thanks to:

* Ada for the review
* Grace for the examples

*Disclaimer: not affiliated with any source.*
""".replace("{ROWS}", _ROWS)


def new_small_course(target: Path) -> Path:
    """A project following :data:`SMALL_README`, every unit translated into Vietnamese (``VI `` + English)."""
    shutil.copytree(DATA / "mini", target)
    (target / "roadmapi18n.toml").write_text(
        'name = "Small Course"\n\n[[locales]]\ncode = "vi"\nlabel = "Tiếng Việt"\n', encoding="utf-8"
    )
    shutil.rmtree(target / "locales", ignore_errors=True)
    sync(target, SMALL_README)
    translate_everything(target)
    return target


def sync(root: Path, readme: str) -> SyncPlan:
    """Sync ``readme`` into the project at ``root`` and write the result (the command's two steps)."""
    plan = plan_sync(Project.open(root), readme)
    write_sync(plan)
    return plan


def catalog(root: Path, code: str = "vi") -> Catalog:
    return read_po(root / "locales" / code / "LC_MESSAGES" / "roadmap.po")


def translate_everything(root: Path, code: str = "vi") -> None:
    """Give every live entry a confirmed translation that keeps its links: ``VI <English>``."""
    po = catalog(root, code)
    for message in po.messages:
        if not message.obsolete:
            message.msgstr = f"VI {message.msgid}"
            message.fuzzy = False
    write_po(root / "locales" / code / "LC_MESSAGES" / "roadmap.po", po)
    build_project(Project.open(root))


def live(po: Catalog) -> dict[str, tuple[str, str, bool]]:
    """Stable ID → (English, translation, fuzzy) of the live entries."""
    return {m.msgctxt or "": (m.msgid, m.msgstr, m.fuzzy) for m in po.messages if not m.obsolete}


@dataclass
class Invariants:
    """What must hold after every sync: nothing lost, nothing published for other English."""

    before: Catalog
    after: Catalog

    def check(self) -> None:
        assert lost_translations(self.before, self.after) == []
        for message in self.after.messages:
            if message.obsolete or message.fuzzy or not message.msgstr:
                continue
            # Translations are "VI <the English they were made for>": a confirmed one must match its English.
            assert message.msgstr.startswith("VI "), message
            assert wording(message.msgstr[3:]) == wording(message.msgid), message.msgctxt


def edit(readme: str, old: str, new: str, count: int = 1) -> str:
    """``readme`` with ``old`` replaced by ``new`` (which must be there)."""
    assert old in readme, old
    return readme.replace(old, new, count)


def section_of(readme: str, title: str) -> str:
    """The text of the ``###`` section titled ``title``, from its heading to the next heading or rule."""
    match = re.search(rf"^### \d+\. {re.escape(title)}\n.*?(?=^---$|^##)", readme, re.S | re.M)
    assert match is not None, title
    return match.group(0)


def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """``roadmapi18n ARGS`` as the console script runs it: exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["roadmapi18n", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    return code, capsys.readouterr().err
