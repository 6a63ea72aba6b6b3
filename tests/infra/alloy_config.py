"""A reader for Grafana Alloy's configuration syntax, enough to check how our pipeline is wired.

Alloy itself cannot run here; this parses the same syntax (blocks with optional labels, attributes,
strings, raw strings, numbers, booleans, lists, objects, references and function calls, comments)
into plain Python so tests can follow `forward_to` from component to component. Anything it does not
understand is a syntax error, not something skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:\\.|[^"\\])*")
  | (?P<raw>`[^`]*`)
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[{}\[\](),=])
    """,
    re.VERBOSE | re.DOTALL,
)


class AlloySyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Ref:
    """A reference to another component's export, e.g. discovery.kubernetes.pods.targets."""

    path: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass
class Block:
    name: str
    label: str | None
    attributes: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.name}.{self.label}" if self.label else self.name

    def children(self, name: str) -> list[Block]:
        return [b for b in self.blocks if b.name == name]

    def child(self, name: str) -> Block:
        (found,) = self.children(name)
        return found


def _tokens(text: str) -> list[tuple[str, str]]:
    position, tokens = 0, []
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            line = text.count("\n", 0, position) + 1
            raise AlloySyntaxError(f"line {line}: unexpected {text[position : position + 20]!r}")
        position = match.end()
        kind = match.lastgroup
        if kind != "ws":
            tokens.append((kind, match.group()))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if (
            token is None
            or (value is not None and token[1] != value)
            or (kind is not None and token[0] != kind)
        ):
            raise AlloySyntaxError(f"expected {value or kind}, got {token}")
        self.i += 1
        return token

    def body(self, end: str | None) -> Block:
        block = Block("", None)
        while True:
            token = self.peek()
            if token is None:
                if end is None:
                    return block
                raise AlloySyntaxError(f"missing {end!r}")
            if token[1] == end:
                self.i += 1
                return block
            name = self.take(kind="ident")[1]
            nxt = self.peek()
            if nxt and nxt[1] == "=":
                self.i += 1
                if name in block.attributes:
                    raise AlloySyntaxError(f"attribute {name} set twice")
                block.attributes[name] = self.value()
            else:
                label = None
                if nxt and nxt[0] == "string":
                    label = json.loads(self.take(kind="string")[1])
                self.take("{")
                inner = self.body("}")
                inner.name, inner.label = name, label
                block.blocks.append(inner)

    def value(self) -> Any:
        kind, text = self.take()
        if kind == "string":
            return json.loads(text)
        if kind == "raw":
            return text[1:-1]
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if text == "[":
            items = []
            while self.peek() and self.peek()[1] != "]":
                items.append(self.value())
                if self.peek() and self.peek()[1] == ",":
                    self.i += 1
            self.take("]")
            return items
        if text == "{":
            obj = {}
            while self.peek() and self.peek()[1] != "}":
                key_kind, key = self.take()
                if key_kind not in ("ident", "string"):
                    raise AlloySyntaxError(f"bad object key {key}")
                self.take("=")
                obj[json.loads(key) if key_kind == "string" else key] = self.value()
                if self.peek() and self.peek()[1] == ",":
                    self.i += 1
            self.take("}")
            return obj
        if kind == "ident":
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.peek() and self.peek()[1] == "(":
                self.i += 1
                args = []
                while self.peek() and self.peek()[1] != ")":
                    args.append(self.value())
                    if self.peek() and self.peek()[1] == ",":
                        self.i += 1
                self.take(")")
                return Call(text, tuple(args))
            return Ref(text)
        raise AlloySyntaxError(f"unexpected {text!r}")


def parse(text: str) -> dict[str, Block]:
    """Top-level components by id ("loki.process.json"); two components with one id are an error."""
    root = _Parser(text).body(None)
    if root.attributes:
        raise AlloySyntaxError(f"top-level attributes are not allowed: {sorted(root.attributes)}")
    components: dict[str, Block] = {}
    for block in root.blocks:
        if block.id in components:
            raise AlloySyntaxError(f"component {block.id} declared twice")
        components[block.id] = block
    return components


def references(value: Any) -> list[str]:
    """Every reference inside an attribute value."""
    if isinstance(value, Ref):
        return [value.path]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    if isinstance(value, dict):
        return [r for v in value.values() for r in references(v)]
    if isinstance(value, Call):
        return [r for v in value.args for r in references(v)]
    return []
