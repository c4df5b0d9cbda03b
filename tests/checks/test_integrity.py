"""The pure parts of the checks: translation integrity rules, conflict blocks, first differences; msgfmt agreement."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from roadmapi18n.checks import ConflictBlock
from roadmapi18n.checks.drift import first_difference
from roadmapi18n.checks.files import conflict_blocks
from roadmapi18n.checks.integrity import check_translation, relative_targets

# (source, translation, rules expected) for an entry judged alone, as a paragraph; () means sound.
CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # Sound translations (no false positives).
    "plain": ("Great for beginners.", "Rất tốt cho người mới bắt đầu.", ()),
    "empty-translation": ("[a](https://x.y)", "", ()),
    "chinese-punctuation": ("Read [this](https://x.y), run `pip`.", "先讀[這篇](https://x.y)，再執行 `pip`。", ()),
    "reordered-links": ("[A](https://a.b) and [B](https://c.d)", "[B](https://c.d) và [A](https://a.b)", ()),
    "translated-title": ('[a](https://x.y "Title")', '[b](https://x.y "Tiêu đề")', ()),
    "angle-destination": ("[a](https://x.y)", "[b](<https://x.y>)", ()),
    "parenthesised-url": ("[w](https://w.org/Foo_(bar))", "[v](https://w.org/Foo_(bar))", ()),
    "kept-bare-url": ("See https://x.y/docs.", "Xem https://x.y/docs.", ()),
    "kept-html": ('Line<br>break <a href="https://x.y">z</a>', 'Dòng<br>mới <a href="https://x.y">z</a>', ()),
    "markdown-for-html-link": ('Read <a href="https://x.y">z</a>', "Đọc [z](https://x.y)", ()),
    "single-asterisks": ("5 * 3 = 15", "5 * 3 bằng 15, *rất* dễ", ()),
    "added-emphasis": ("Use LoRA now", "Dùng **LoRA** ngay, *thật*", ()),
    "bold-moved": ("Use **LoRA** now", "Dùng ngay **LoRA**", ()),
    "emoji-moved": ("🤗 Hugging Face", "Hugging Face 🤗", ()),
    "emoji-without-variation-selector": ("🗣️ Talk", "🗣 Nói", ()),
    "numbering-kept": ("1. Start here", "1. Bắt đầu ở đây", ()),
    "year-not-numbering": ("In 2019, it began.", "Năm 2019, nó bắt đầu.", ()),
    "less-than-in-prose": ("a < b", "a < b và c > d", ()),
    "brace-placeholders-reordered": ("{a} of {b}", "{b} của {a}", ()),
    "literal-braces": ("Use {x} in LaTeX", "Dùng {x} trong LaTeX", ()),
    "trailing-newline-is-health-not-integrity": ("Title", "Tiêu đề\n", ()),
    "emoji-joiner": ("👩‍💻 Dev", "👩‍💻 Lập trình viên", ()),
    # Link targets, as cmark-gfm finds them (a repeat counts).
    "changed-link": ("[a](https://x.y/1)", "[a](https://x.y/2)", ("link-target",)),
    "added-link": ("Read this.", "Đọc [cái này](https://evil.example).", ("link-target",)),
    "dropped-link": ("[a](https://x.y)", "a", ("link-target",)),
    "dropped-repeat": ("[a](https://x.y) or [b](https://x.y)", "[a](https://x.y)", ("link-target",)),
    "changed-after-paren": ("[w](https://w.org/(a)b)", "[w](https://w.org/(a)c)", ("link-target",)),
    "link-with-single-quoted-title": ("Read.", "[x](javascript:alert(1) 'x')", ("unsafe-link",)),
    "javascript": ("[a](https://x.y)", "[a](https://x.y) [b](JavaScript:alert(1))", ("unsafe-link",)),
    "entity-javascript": ("Read.", "[b](&#106;avascript:alert(1))", ("unsafe-link",)),
    "data-image": ("Read.", "![x](data:image/svg+xml;base64,AAAA)", ("unsafe-link",)),
    "autolink-added": ("Read.", "Đọc <https://evil.example>", ("link-target",)),
    "bare-url-added": ("Read.", "Đọc www.evil.example/x.", ("link-target",)),
    "autolink-after-underscore": ("Read.", "Xem _https://evil.example/u_", ("link-target",)),
    "www-after-underscore": ("Read.", "_www.evil.example_", ("link-target",)),
    "email": ("Read.", "Viết cho phish@evil.example", ("link-target",)),
    "email-autolink": ("Read.", "Viết cho <phish@evil.example>", ("link-target",)),
    "mailto": ("Read.", "Viết cho mailto:phish@evil.example", ("link-target",)),
    "html-attribute-with-gt": ("Read.", '<a title=">" href="//evil.example/a">x</a>', ("link-target", "raw-html")),
    "entity-encoded-src": ("Read.", '<img alt=">" src="https&#58;//tracker.example/p">', ("link-target", "raw-html")),
    # HTML, comments and blocks the English lacks.
    "script": ("Read.", "Đọc <script>alert(1)</script>", ("raw-html",)),
    "bold-tag": ("Read.", "Đọc <b>kỹ</b>", ("raw-html",)),
    "image-tag": ("Read.", 'Đọc <img src="x.png">', ("link-target", "raw-html")),
    "event-handler": ('<a href="https://x.y">a</a>', '<a href="https://x.y" onclick="steal()">a</a>', ("raw-html",)),
    "unclosed-details": ("Read.", "<details>", ("raw-html",)),
    "leading-script": ("Read.", "<script>", ("raw-html",)),
    "leading-textarea": ("Read.", "<textarea>", ("raw-html",)),
    "comment": ("Read.", "Đọc <!-- ẩn --> kỹ", ("html-comment",)),
    "unclosed-comment": ("Read.", "<!--", ("html-comment",)),
    "processing-instruction": ("Read.", "<?", ("html-comment",)),
    "cdata": ("Read.", "<![CDATA[", ("html-comment",)),
    "declaration": ("Read.", "<!X", ("html-comment",)),
    "code-fence": ("Read.", "```", ("block-structure",)),
    "indented-code": ("Read.", "    Đọc", ("block-structure",)),
    "added-heading": ("Read this.", "# Đọc cái này.", ("block-structure",)),
    "added-quote": ("Read this.", "> Đọc cái này.", ("block-structure",)),
    "changed-number": ("2. Second", "3. Thứ hai", ("block-structure",)),
    "added-number": ("Second step", "2. Bước hai", ("block-structure",)),
    "dropped-number": ("2. Second", "Thứ hai", ("block-structure",)),
    "reference-definition": ("Read.", "[x]: https://evil.example", ("hidden-text",)),
    "escaped-bracket-definition": ("Read.", "[a\\]]: //evil.example/ref", ("hidden-text",)),
    "definition-behind-quote": ("Read.", "> [a]: //evil.example", ("hidden-text",)),
    "definition-behind-bullet": ("Read.", "- [a]: //evil.example", ("hidden-text",)),
    "definition-behind-number": ("Read.", "1. [a]: //evil.example", ("hidden-text",)),
    "definition-on-second-line": ("Read.", "Đọc [x].\n[x]: https://evil.example", ("line-break", "link-target")),
    # Code, emphasis, characters.
    "changed-code": ("Run `pip install x`.", "Chạy `pip install y`.", ("code-span",)),
    "translated-code": ("Use `model.generate()`.", "Dùng `mô hình.generate()`.", ("code-span",)),
    "dropped-code": ("Use `numpy`.", "Dùng numpy.", ("code-span",)),
    "unbalanced-backtick": ("Use `numpy`.", "Dùng `numpy` và `x.", ("code-span",)),
    "unbalanced-bold": ("**Bold** text", "**Đậm chữ", ("emphasis",)),
    "unbalanced-bold-star": ("**LLM assistant**", "**trợ lý LLM*", ("emphasis",)),
    "unbalanced-strikethrough": ("~~old~~ new", "~~cũ mới", ("emphasis",)),
    "dropped-emoji": ("Thanks 🙏", "Cảm ơn", ("emoji",)),
    "line-break": ("One line.", "Một\ndòng.", ("line-break",)),
    "renamed-placeholder": ("by {author}", "bởi {tac_gia}", ("placeholder",)),
    "bidi-override": ("See [docs](https://a.b)", "Xem [tài\u202eliệu](https://a.b)", ("invisible",)),
    "zero-width-space": ("Read.", "Đọc\u200b kỹ.", ("invisible",)),
}


@pytest.mark.parametrize(("source", "translation", "rules"), CASES.values(), ids=CASES.keys())
def test_check_translation(source: str, translation: str, rules: tuple[str, ...]) -> None:
    found = check_translation(source, translation)
    assert tuple(p.code for p in found) == rules, found
    assert all(p.message for p in found)


def test_problem_messages_name_what_changed() -> None:
    (problem,) = check_translation("[a](https://x.y/1)", "[a](https://x.y/2)")
    assert problem.message == "link targets differ from the English: adds https://x.y/2; drops https://x.y/1"
    (problem,) = check_translation("Thanks 🙏", "Cảm ơn")
    assert problem.message == "emoji dropped: 🙏"


# python-brace-format entries: msgfmt -c's verdict, and ours, entry by entry.
BRACE_CASES: dict[str, tuple[str, str, bool]] = {
    "same": ("by {author}", "bởi {author}", True),
    "reordered": ("{a} and {b}", "{b} và {a}", True),
    "repeated": ("by {author}", "bởi {author} {author}", True),
    "escaped-braces": ("by {author}", "bởi {{author}} {author}", True),
    "auto-numbered": ("x {} y", "x {}", True),
    "renamed": ("by {author}", "bởi {tac_gia}", False),
    "dropped": ("by {author}", "bởi", False),
    "added": ("x {a} y", "x {a}{b}", False),
    "positional": ("by {author}", "bởi {0}", False),
    "unterminated": ("by {author}", "bởi {author", False),
    "conversion": ("by {author}", "bởi {author!r}", False),
    "format-spec": ("by {author}", "bởi {author:>5}", False),
    "attribute": ("x {a.b} y", "x {a.c}", False),
    "index": ("x {a[0]} y", "x {a[1]}", False),
}


def _po(entries: list[tuple[str, str]]) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    blocks = [f'#, python-brace-format\nmsgctxt "{i}"\nmsgid "{a}"\nmsgstr "{b}"\n' for i, (a, b) in enumerate(entries)]
    return "\n".join([header, *blocks])


@pytest.mark.gettext
def test_brace_format_rule_agrees_with_msgfmt(tmp_path: Path, gettext: object) -> None:
    po = tmp_path / "brace.po"
    po.write_text(_po([(a, b) for a, b, _ in BRACE_CASES.values()]), encoding="utf-8")
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False)
    rejected = {int(n) for n in re.findall(r"brace\.po:(\d+): (?!warning)", run.stderr)}
    lines = po.read_text(encoding="utf-8").split("\n")
    msgstr_lines = [n for n, line in enumerate(lines, 1) if line.startswith('msgstr "') and n > 2]
    for (name, (source, translation, sound)), line in zip(BRACE_CASES.items(), msgstr_lines, strict=True):
        ours = [p.code for p in check_translation(source, translation, brace_format=True)]
        assert (line not in rejected) is sound, (name, run.stderr)
        assert (ours == []) is sound, (name, ours)


def test_brace_format_stricter_than_msgfmt_where_python_raises() -> None:
    """msgfmt accepts a lone '}', but str.format raises on it: the README would crash."""
    lone_brace = "{author} }"
    with pytest.raises(ValueError):
        lone_brace.format(author="x")
    assert [p.code for p in check_translation("by {author}", "{author} }", brace_format=True)] == ["placeholder"]
    assert check_translation("by {author}", "{author} }") == []  # not a format string: no opinion


def test_relative_targets() -> None:
    document = '![a](img/a.png) [b](https://x.y) <img src="b.svg"> [c](#top) [d](../README.md)'
    assert [target for _, target in relative_targets(document)] == ["img/a.png", "b.svg", "../README.md"]


@pytest.mark.parametrize(
    ("data", "blocks"),
    [
        (b"a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> main\n", [ConflictBlock(2, 6, "<<<<<<<", True)]),
        (b"<<<<<<< ours\r\nx\r\n||||||| base\r\n=======\r\n>>>>>>> theirs\r\n", [ConflictBlock(1, 5, "<<<<<<<", True)]),
        (b"Title\n=======\n\ntext\n", []),
        (b"a\n>>>>>>> theirs\n", [ConflictBlock(2, 2, ">>>>>>>", False)]),
        (b"<<<<<<< HEAD\nx\n", [ConflictBlock(1, 1, "<<<<<<<", False)]),
        (b"x <<<<<<< y\n>>>>>>>> eight\n", []),
        (b"<<<<<<<\n=======\n>>>>>>>", [ConflictBlock(1, 3, "<<<<<<<", True)]),
    ],
    ids=["block", "diff3-crlf", "setext-underline", "stray-closing", "unclosed", "not-at-line-start", "no-labels"],
)
def test_conflict_blocks(data: bytes, blocks: list[ConflictBlock]) -> None:
    assert conflict_blocks(data) == blocks


@pytest.mark.parametrize(
    ("found", "expected", "line", "words"),
    [
        (b"a\nb\n", b"a\nc\n", 2, "found 'b', build writes 'c'"),
        (b"a\n", b"a\nb\n", 2, "line missing: build writes 'b'"),
        (b"a\nb\n", b"a\n", 2, "extra line 'b'"),
        (b"a\nb", b"a\nb\n", 2, "the end of the file differs"),
        (b"\xef\xbb\xbfa\n", b"a\n", 1, "byte-order mark"),
        (b"a\r\nb\r\n", b"a\nb\n", 1, "CRLF"),
        (b"", b"a\n", 1, "line missing"),
    ],
    ids=["changed", "missing", "extra", "final-newline", "bom", "crlf", "empty"],
)
def test_first_difference(found: bytes, expected: bytes, line: int, words: str) -> None:
    number, message, excerpt = first_difference(found, expected)
    assert number == line and words in message
    assert excerpt[0] == f"@@ line {line} @@"


def test_first_difference_skips_volatile_header_lines() -> None:
    old = b'"POT-Creation-Date: 2024-01-01\\n"\nmsgid "a"\n'
    new = b'"POT-Creation-Date: 2025-01-01\\n"\nmsgid "b"\n'
    assert first_difference(old, new, skip=(b'"POT-Creation-Date: ',))[0] == 2
    assert first_difference(old, old.replace(b"2024", b"2023"), skip=(b'"POT-Creation-Date: ',))[0] == 1
