"""Wrapped output (``roadmapi18n merge`` without ``--no-wrap``): the lines ``msgcat -w N`` writes, GNU gettext 0.21."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, Gettext
from po_strategies import catalogs
from roadmapi18n.catalog import Catalog, Message, format_po, parse_po, write_po
from roadmapi18n.merge_cli import page_width
from roadmapi18n.po.wrap import directive_format, wrapped_string_lines
from roadmapi18n.po.writer import escape

# Characters of every line-break class that takes part in a rule, and the ones gettext escapes.
_POOL = list("aaaaaaaaaabcdeéfg      .,;:!?-/()[]{}'\"\\%$#0123456789|_+=*&@<>~`^\n\t") + list(
    "\u4e00\u4e8c\u3001\u3002\uff0c\uff08\uff09\u300c\u300d\u3041\u30fc\u00a0\u2014\u2026\u2060\u200b\u200d\u0301"
    "\u05d0\uac00\u1100\u1160\u11a8\U0001f1e6\U0001f600\U0001f3fb\u261d\u0e01\u00a7\u2018\u2019\u201c\u201d"
    "\u00ab\u00bb\u2028\u00ad\ufffc\u3005\u0cbf\ud7b0"
)


def _random_text(rng: random.Random) -> str:
    if rng.random() < 0.4:  # words, with a few odd characters among them
        count = rng.randint(1, 40)
        words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 12))) for _ in range(count)]
        chars = list(" ".join(words))
        for _ in range(rng.randint(0, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(_POOL))
        return "".join(chars)
    return "".join(rng.choice(_POOL) for _ in range(rng.choice([5, 20, 60, 100, 200])))


def _msgcat_msgids(gettext: Gettext, tmp_path: Path, texts: list[str], width: int, flags: str = "") -> list[list[str]]:
    """The msgid lines ``msgcat -w WIDTH`` writes for each text."""
    entries = "".join(f'{flags}msgctxt "{n}"\nmsgid "{escape(text)}"\nmsgstr ""\n\n' for n, text in enumerate(texts))
    path = tmp_path / "probe.po"
    path.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n{entries}', encoding="utf-8")
    result = gettext.run("msgcat", "-w", str(width), path)
    assert result.returncode == 0, result.stderr.decode()
    found = []
    for block in result.stdout.decode("utf-8").split("\n\n")[1:]:
        lines = block.strip("\n").split("\n")
        start = next(n for n, line in enumerate(lines) if line.startswith("msgid "))
        end = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
        found.append(lines[start:end])
    return found


@pytest.mark.gettext
@pytest.mark.parametrize("seed", [1, 2])
def test_random_strings_break_where_msgcat_breaks_them(gettext: Gettext, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    texts = [_random_text(rng) for _ in range(300)]
    for width in (79, 40, 20):
        expected = _msgcat_msgids(gettext, tmp_path, texts, width)
        for text, lines in zip(texts, expected, strict=True):
            assert wrapped_string_lines("msgid", text, width=width) == lines, (width, text)


@pytest.mark.gettext
@pytest.mark.parametrize(
    ("flag", "texts"),
    [
        ("c-format", ["%-s", "% d", "%'d", "%1$-s", "%-10s", "%%-s", "%-y %-s"]),
        ("python-format", ["%(user-name)s", "% d", "%(a b)s", "%-s"]),
        ("python-brace-format", ["{obj.attr}", "{0:-<5}", "{a-b}", "{{x-y}}", "%-s"]),
        ("no-c-format", ["%-s"]),
    ],
)
def test_no_break_inside_a_format_directive(gettext: Gettext, tmp_path: Path, flag: str, texts: list[str]) -> None:
    # Each directive lands where the line is full, so a break inside it is the one msgcat would take.
    probes = [f"b {'a' * (75 - n)}{text}{'z' * 10}" for text in texts for n in range(len(text) + 1)]
    assert directive_format([flag]) == (None if flag.startswith("no-") else flag.removesuffix("-format"))
    expected = _msgcat_msgids(gettext, tmp_path, probes, 79, flags=f"#, {flag}\n")
    for text, lines in zip(probes, expected, strict=True):
        assert wrapped_string_lines("msgid", text, directives=directive_format([flag])) == lines, text


@pytest.mark.gettext
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(catalogs(max_messages=15), st.sampled_from([79, 30, 20]))
def test_random_catalogs_wrap_as_msgcat_wraps_them(
    gettext: Gettext, tmp_path: Path, catalog: Catalog, width: int
) -> None:
    """Whole catalogs: previous and obsolete strings (their prefixes), plurals, the header, references."""
    path = tmp_path / "random.po"
    write_po(path, catalog)
    result = gettext.run("msgcat", "--force-po", "-w", str(width), path)
    assert result.returncode == 0, result.stderr.decode()
    assert format_po(catalog, page_width=width, wrap=True) == result.stdout.decode("utf-8")


@given(st.text(st.sampled_from(_POOL), max_size=300), st.integers(20, 100))
def test_wrapping_loses_nothing(text: str, width: int) -> None:
    """Read back, the wrapped lines give the same string."""
    lines = wrapped_string_lines("msgstr", text, width=width)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\n'
    catalog = parse_po((header + "\n".join(lines) + "\n").encode(), path=Path("wrapped.po"))
    assert catalog.messages[0].msgstr == text


@given(st.lists(st.text("abcdefghij", min_size=1, max_size=12), min_size=2, max_size=60), st.integers(20, 100))
def test_words_shorter_than_the_width_make_lines_that_fit_it(words: list[str], width: int) -> None:
    lines = wrapped_string_lines("msgstr", " ".join(words), width=width)
    assert all(len(line) <= width for line in lines)
    assert len(lines) == 1 or lines[0] == 'msgstr ""'


def test_a_no_wrap_flag_keeps_the_entry_whole() -> None:
    long = "word " * 30
    catalog = Catalog({}, [], [], [Message(msgid=long, msgstr=long, flags=["no-wrap"])])
    text = format_po(catalog, wrap=True)
    assert f'msgid "{long}"' in text and f'msgstr "{long}"' in text


def test_references_wrap_at_the_page_width_with_or_without_string_wrapping() -> None:
    catalog = Catalog({}, [], [], [Message(msgid="a", msgstr="b", references=["aaaa.py:1", "bbbb.py:2", "cccc.py:3"])])
    for wrap in (False, True):
        assert "#: aaaa.py:1 bbbb.py:2\n#: cccc.py:3\n" in format_po(catalog, page_width=22, wrap=wrap)
        assert "#: aaaa.py:1 bbbb.py:2 cccc.py:3\n" in format_po(catalog, page_width=None, wrap=wrap)


@pytest.mark.parametrize(
    ("requested", "width"),
    [(None, 79), ("40", 40), (" 30x", 30), ("5", 20), ("0", None), ("abc", 79), ("4294967295", -1), ("1e3", 20)],
)
def test_width_option_reads_as_msgmerge_reads_it(requested: str | None, width: int | None) -> None:
    assert page_width(requested) == width


@pytest.mark.gettext
@pytest.mark.parametrize(
    "width", ["0", "5", "30", "-5", "12abc", "4294967295", "99999999999999999999999", "-2147483648", ""]
)
def test_width_option_matches_msgmerge(gettext: Gettext, tmp_path: Path, width: str) -> None:
    from roadmapi18n.merge_cli import main as merge_main

    old = tmp_path / "old.po"
    old.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#: aaaa.py:1 bbbb.py:2 cccc.py:3\n'
        'msgid "aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz"\n'
        'msgstr "AA BB CC DD EE FF GG HH II JJ KK LL MM NN OO PP QQ RR SS TT UU VV WW XX YY ZZ"\n',
        encoding="utf-8",
    )
    out = tmp_path / "ours.po"
    assert merge_main(["-q", "-w", width, "-o", str(out), str(old), str(old)]) == 0
    expected = gettext.run("msgmerge", "-q", "-w", width, "-o", "-", old, old)
    assert out.read_bytes() == expected.stdout


@pytest.mark.gettext
def test_characters_across_unicode_break_and_count_as_msgcat_breaks_and_counts_them(
    gettext: Gettext, tmp_path: Path
) -> None:
    """A sample of planes 0 and 1 (every 23rd code point), each character in the contexts that tell the
    line-break classes apart; the whole of both planes is checked by scripts/gettext_line_breaks.py."""
    import unicodedata

    sys.path.insert(0, str(REPO / "scripts"))
    from gettext_line_breaks import CONTEXTS as contexts

    # Characters this Python's Unicode (14 for 3.11) has: a later gettext (0.22: libunistring 1.1, Unicode 15)
    # classes the ones added since on its own; on these it differs only for U+1DCD and U+1DFC (not sampled).
    unassigned = ("Cs", "Co", "Cn")
    chars = [chr(code) for code in range(0xA0, 0x20000, 23) if unicodedata.category(chr(code)) not in unassigned]
    probes = [context(char) for char in chars for context in contexts]
    for probe, lines in zip(probes, _msgcat_msgids(gettext, tmp_path, probes, 79), strict=True):
        assert wrapped_string_lines("msgid", probe) == lines, f"U+{ord(probe[75]):04X}"


@pytest.mark.gettext
@pytest.mark.parametrize("charset", ["EUC-JP", "BIG5", "GB2312", "EUC-KR", "ISO-8859-7"])
def test_catalogs_in_cjk_charsets_count_wider_characters_as_msgcat_does(
    gettext: Gettext, tmp_path: Path, charset: str
) -> None:
    """In a CJK charset, gettext counts Greek, Cyrillic, "…" and the like as two columns and breaks
    ambiguous characters like ideographs (ISO-8859-7, not CJK, is the control)."""
    codec = {"BIG5": "big5", "GB2312": "gb2312", "EUC-JP": "euc_jp", "EUC-KR": "euc_kr", "ISO-8859-7": "iso8859_7"}
    candidates = 'Ελληνικά Русский αβγ абв …§○×÷°±「」、。日本語中文한국어 ab-cd/ef (gh) 12.5% "q" '
    pool = [char for char in candidates if char.encode(codec[charset], errors="ignore")]
    rng = random.Random(charset)
    texts = ["".join(rng.choice(pool) for _ in range(rng.choice([30, 80, 160]))) for _ in range(60)]
    entries = "".join(f'msgctxt "{n}"\nmsgid "{escape(text)}"\nmsgstr ""\n\n' for n, text in enumerate(texts))
    path = tmp_path / "cjk.po"
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
    path.write_bytes((header + entries).encode(codec[charset]))
    result = gettext.run("msgcat", "-w", "40", path)
    assert result.returncode == 0, result.stderr.decode(codec[charset])
    catalog = parse_po(path.read_bytes(), path=path, any_charset=True)
    assert format_po(catalog, page_width=40, wrap=True) == result.stdout.decode(codec[charset])


_PRINTF_SAMPLES = ["%-s", "% d", "%1$-s", "%-5.2f", "%-*d", "%-ld", "%-hd", "%-lld", "%-qd", "%-zd", "%-v", "%-", "%-%"]


@pytest.mark.gettext
@pytest.mark.parametrize(
    "language", ["javascript", "elisp", "librep", "ruby", "awk", "boost", "tcl", "perl", "php", "java", "sh", "qt"]
)
def test_directives_of_other_format_languages_are_kept_whole_as_msgcat_keeps_them(
    gettext: Gettext, tmp_path: Path, language: str
) -> None:
    """Each language's own conversions, "*" widths and size letters (and Ruby's %{name}, %<name>d): a valid
    directive is kept whole, an invalid one is not; Java, shell and Qt keep nothing whole."""
    samples = [*_PRINTF_SAMPLES, "%{a-b}", "%<a-b>s", "%<a>-5d"] if language == "ruby" else _PRINTF_SAMPLES
    probes = [f"b {'a' * (36 - n)}{sample}zz" for sample in samples for n in range(len(sample))]
    directives = directive_format([f"{language}-format"])
    expected = _msgcat_msgids(gettext, tmp_path, probes, 40, flags=f"#, {language}-format\n")
    for probe, lines in zip(probes, expected, strict=True):
        assert wrapped_string_lines("msgid", probe, width=40, directives=directives) == lines, probe


@pytest.mark.gettext
def test_long_and_odd_strings_wrap_as_msgcat_wraps_them(gettext: Gettext, tmp_path: Path) -> None:
    """Strings far longer than a catalog's: long runs of spaces, no break at all, breaks only far apart."""
    texts = [
        ("a" + " " * 300) * 40,
        "x" * 5000 + " y",
        " " * 3000 + "a b",
        "a" * 100 + " " + "b" * 3000 + " c",
        "word " * 3000,
        "中文" * 2000,
        "%s-" * 1500,
    ]
    for text, lines in zip(texts, _msgcat_msgids(gettext, tmp_path, texts, 79, flags="#, c-format\n"), strict=True):
        assert wrapped_string_lines("msgid", text, directives="c") == lines, text[:20]
