"""The ``Plural-Forms`` expression, evaluated as gettext does, for its format checks.

``msgfmt -c`` checks a plural form strictly (every argument of the msgid
present) when the form is used "often", for more than five numbers of
0..1000, and relaxed otherwise (``msgstr[0]`` of English-like languages may
say "one file" without ``%d``). :func:`plural_distribution` computes that.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Expression = Callable[[int], int]
_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
# Binary operators by precedence, lowest first (C's; ?: is handled apart).
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)
_OPERATIONS: dict[str, Callable[[int, int], int]] = {
    "||": lambda a, b: int(bool(a) or bool(b)),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if b else 0,
    "%": lambda a, b: a % b if b else 0,
}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position = 0
        text = text.strip().rstrip(";")
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise ValueError(f"unexpected {text[position:]!r}")
            self.tokens.append(match.group(match.lastindex or 0))
            position = match.end()
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'}")
        self.index += 1
        return token

    def ternary(self) -> Expression:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    def binary(self, level: int) -> Expression:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            operation = _OPERATIONS[self.take()]
            right = self.binary(level + 1)
            left = (lambda f, op, g: lambda n: op(f(n), g(n)))(left, operation, right)
        return left

    def unary(self) -> Expression:
        token = self.take()
        if token == "!":
            operand = self.unary()
            return lambda n: int(not operand(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"unexpected {token!r}")


def parse_plural(expression: str) -> Expression:
    """The ``plural=`` expression as a function of n (``ValueError`` if it is not one).

    >>> parse_plural("(n != 1)")(1), parse_plural("n%10==1 && n%100!=11 ? 0 : 1")(21)
    (0, 0)
    """
    parser = _Parser(expression)
    result = parser.ternary()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r}")
    return result


def plural_distribution(plural_forms: str) -> list[int] | None:
    """How many numbers of 0..1000 each plural form is used for, from a ``Plural-Forms`` value.

    ``None`` when the value does not parse (gettext then checks plural forms relaxed).

    >>> plural_distribution("nplurals=2; plural=(n != 1);")[:2]
    [1, 1000]
    """
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    plural = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    if nplurals is None or plural is None:
        return None
    try:
        evaluate = parse_plural(plural.group(1))
        counts = [0] * int(nplurals.group(1))
        for n in range(1001):
            counts[evaluate(n)] += 1
    except (ValueError, IndexError, RecursionError):
        return None
    return counts


def often(distribution: list[int] | None) -> list[bool] | None:
    """Which plural forms gettext considers used "often" (for more than 5 of the numbers 0..1000)."""
    return None if distribution is None else [count > 5 for count in distribution]


def histogram(plural_forms: str, low: int, high: int, form: int) -> int:
    """How many numbers in ``low..high`` use plural form ``form``."""
    plural = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    if plural is None:
        return 0
    try:
        evaluate = parse_plural(plural.group(1))
        return sum(1 for n in range(low, high + 1) if evaluate(n) == form)
    except (ValueError, RecursionError):
        return 0
