"""Inline Markdown helpers: what survives translation (links, code, names, emoji) and plain text.

Alignment leans on what a translator does not change: link targets, code
spans, product names and numbers, emoji. These functions pull those out of
a line of inline Markdown (as the roadmap YAML and the legacy READMEs write it).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

# Every pattern here runs on whole lines of untrusted text (a legacy README, a YAML passage), so none may
# backtrack over a line more than once or twice: a long run of "[", "<" or "`" must cost linear time.
# A link is matched together with the escapes before it (group 3 is None for an escape), so no match starts at
# an escaped "["; its text and target stop at the next "[" (the innermost brackets make the link, as in
# CommonMark), and a target never holds "[" or "]".
_LINK = re.compile(r"\\.|(!?)\[((?:\\.|[^\[\]\\])*)\]\(\s*<?([^)\s<>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HREF = re.compile(r"""<a\s[^<>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s)<>\]\"']+")
# A code span opens with a whole run of backticks and closes with a run of the same length (CommonMark).
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_TAG = re.compile(r"<[^<>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:[-.'’+][^\W_]+)*", re.UNICODE)
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-.'’+][A-Za-z0-9]+)*")
_PERSON = re.compile(r"(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9])[A-Z][a-zà-öø-ÿ]{2,}(?![A-Za-zÀ-ÖØ-öø-ÿ0-9])")
_POSSESSIVE = re.compile(r"['’]s$")
_ACRONYM_PLURAL = re.compile(r"^([A-Za-z0-9]*[A-Z0-9])s$")
_CJK = re.compile(r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# Letters that only Vietnamese uses among the languages of this course: tone marks and đ, ơ, ư, ă, â, ê, ô.
_VIETNAMESE = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# Characters that are part of an emoji sequence but not its identity (damage may drop them).
_EMOJI_JOINERS = frozenset("\u200d\ufe0f\ufe0e\ufffd")


def link_targets(markdown: str) -> list[str]:
    """Every link or image target, Markdown and HTML ``href``, in order, normalised.

    >>> link_targets('See [A](https://www.A.org/x/) and <a href="http://b.org/y">b</a>.')
    ['https://a.org/x', 'https://b.org/y']
    >>> link_targets(r"\\[not a link](https://a.org) but [[this](https://b.org)]")
    ['https://b.org']
    """
    found: list[tuple[int, str]] = [(m.start(), m.group(3)) for m in _LINK.finditer(markdown) if m.group(3)]
    found += [(m.start(), m.group(1)) for m in _HREF.finditer(markdown)]
    return [normalize_url(url) for _, url in sorted(found)]


def normalize_url(url: str) -> str:
    """Compare URLs as people mean them: scheme, ``www.``, host case and a trailing slash do not matter.

    >>> normalize_url("http://WWW.Example.com/a/?q=1#top")
    'https://example.com/a?q=1#top'
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("https", host, parts.path.rstrip("/"), parts.query, parts.fragment))


def code_spans(markdown: str) -> list[str]:
    """The contents of the inline code spans, in order: a span closes with a run of as many backticks as opened it.

    >>> code_spans("``a`b`` and `c` but ``d`")
    ['a`b', 'c']
    """
    return [m.group(2).strip() for m in _CODE.finditer(markdown)]


def plain(markdown: str) -> str:
    """The words a reader sees: no link targets, images, HTML tags, emphasis or code markers.

    >>> plain("**[Alpaca](https://x.org)**-like `data`  set <br/>")
    'Alpaca-like data set'
    """
    text = _LINK.sub(lambda m: m.group() if m.group(3) is None else "" if m.group(1) else m.group(2), markdown)
    text = _TAG.sub(" ", text)
    text = _CODE.sub(lambda m: m.group(2), text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\[", "[").replace("\\]", "]").replace("\\|", "|")
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Runs of letters and digits (joined by ``-``, ``.``, ``'``), without URLs."""
    return _WORD.findall(_BARE_URL.sub(" ", text))


def name_keys(markdown: str) -> frozenset[str]:
    """Tokens a translator keeps as they are — numbers, acronyms, CamelCase names — folded for comparison.

    Hyphenated words are split (``8-bit`` → ``8``), possessives and plurals of names ending in a
    capital dropped (``ChatGPT's`` → ``chatgpt``, ``LLMs`` → ``llm``, ``MoEs`` → ``moe``).

    >>> sorted(name_keys("Use PyTorch's MLPs, GPT-4 and 8-bit [Llama](https://x.org) 2 in Python."))
    ['2', '4', '8', 'gpt', 'mlp', 'pytorch']
    """
    keys = set()
    for word in latin_tokens(markdown):
        for part in word.split("-"):
            part = _POSSESSIVE.sub("", part)
            if is_name_like(part):
                keys.add(_ACRONYM_PLURAL.sub(r"\1", part).casefold())
    return frozenset(keys)


def person_names(markdown: str) -> frozenset[str]:
    """Capitalised Latin words of three letters or more, folded: the names a translation keeps as written.

    >>> sorted(person_names("André Frade对初稿的投入和审阅"))
    ['andré', 'frade']
    """
    return frozenset(w.casefold() for w in _PERSON.findall(plain(markdown)))


def latin_tokens(markdown: str) -> list[str]:
    """Runs of ASCII letters and digits in the visible text (``GPTQ和EXL2`` → ``GPTQ``, ``EXL2``)."""
    return _LATIN_TOKEN.findall(_BARE_URL.sub(" ", plain(markdown)))


def is_name_like(word: str) -> bool:
    """A number, an acronym or a mixed-case name: the kind of token no translation changes."""
    if any(ch.isdigit() for ch in word):
        return True
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or not all(ch.isascii() for ch in letters):
        return False
    upper = sum(ch.isupper() for ch in letters)
    return upper >= 2 or (upper == 1 and not letters[0].isupper())


def cjk_count(text: str) -> int:
    """How many Chinese, Japanese or Korean characters ``text`` holds."""
    return len(_CJK.findall(text))


def vietnamese_share(text: str) -> float:
    """Share of the words that carry a letter only Vietnamese uses (0.0 for no words).

    >>> round(vietnamese_share("Tinh chỉnh Llama 2 trong Google Colab"), 2)
    0.17
    """
    found = [w for w in words(text) if any(ch.isalpha() for ch in w)]
    if not found:
        return 0.0
    return sum(1 for w in found if any(ch in _VIETNAMESE for ch in w)) / len(found)


def split_emoji(text: str) -> tuple[str, str]:
    """Split a leading emoji (with its joiners and variation selectors) from the rest.

    >>> split_emoji("🧑‍🔬 The LLM Scientist")
    ('🧑\\u200d🔬', 'The LLM Scientist')
    """
    end = 0
    while end < len(text) and (_is_emoji_base(text[end]) or (end and text[end] in _EMOJI_JOINERS)):
        end += 1
    return text[:end].strip(), text[end:].strip()


def emoji_key(emoji: str) -> str:
    """An emoji's identity for comparison: joiners, variation selectors and lost bytes ignored."""
    return "".join(ch for ch in emoji if ch not in _EMOJI_JOINERS and not ch.isspace())


def _is_emoji_base(ch: str) -> bool:
    """A pictograph or symbol; joiners and selectors (and a lost byte) only count after one."""
    if ch == "\ufffd":
        return False  # a lost character is not an emoji: stripping it would hide the damage
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cs") or ("\U0001f3fb" <= ch <= "\U0001f3ff")


def join_lines(lines: list[str]) -> str:
    """Join the lines of a paragraph: a space between words, nothing between two CJK characters."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (cjk_count(out[-1]) and cjk_count(line[0])):
            out += " "
        out += line
    return out
