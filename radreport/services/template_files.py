"""YAML files with line numbers, and errors that name the file, the line and the problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class FileProblem:
    file: str
    line: int | None  # 1-based
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "message": self.message}


class TemplateError(Exception):
    """A broken template: every problem found, each with file and line."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class YamlDoc:
    path: Path
    display: str  # the path shown in messages (relative to the templates folder)
    data: Any
    lines: dict[YamlPath, int]

    def line(self, path: Sequence[str | int]) -> int | None:
        """Line of the deepest node of ``path`` found (unknown elements are skipped)."""
        best: YamlPath = ()
        current: YamlPath = ()
        for part in path:
            candidate = (*current, part)
            if candidate in self.lines:
                current = candidate
                best = current
        return self.lines.get(best) or self.lines.get(())

    def problem(self, path: Sequence[str | int], message: str) -> FileProblem:
        return FileProblem(self.display, self.line(path), message)


def _walk(
    node: yaml.Node,
    path: YamlPath,
    lines: dict[YamlPath, int],
    problems: list[FileProblem],
    display: str,
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            if key in seen:
                problems.append(
                    FileProblem(
                        display,
                        key_node.start_mark.line + 1,
                        f"duplicate key {key!r} (first at line {seen[key]})",
                    )
                )
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, problems, display)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, problems, display)


def read_yaml(path: Path, display: str) -> YamlDoc:
    """Parse a YAML file keeping each node's line; TemplateError on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError([FileProblem(display, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError([FileProblem(display, None, f"cannot read: {exc}")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise TemplateError([FileProblem(display, 1, "the file is empty")])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TemplateError(
            [FileProblem(display, line, f"YAML syntax error: {exc.problem or exc.context}")]
        ) from None
    except yaml.YAMLError as exc:
        raise TemplateError([FileProblem(display, None, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    lines: dict[YamlPath, int] = {}
    problems: list[FileProblem] = []
    _walk(node, (), lines, problems, display)
    if problems:
        raise TemplateError(problems)
    return YamlDoc(path, display, data, lines)


def _loc_text(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def pydantic_problems(
    doc: YamlDoc, error: ValidationError, prefix: YamlPath = ()
) -> list[FileProblem]:
    """One FileProblem per pydantic error, at the line of the offending node."""
    out: list[FileProblem] = []
    for e in error.errors(include_url=False):
        # Union members appear in ``loc`` as their class names: drop them.
        loc = [p for p in e["loc"] if not (isinstance(p, str) and p[:1].isupper())]
        path = (*prefix, *loc)
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see docs/templates.md)"
        elif e["type"] == "missing":
            msg = "missing required key"
        # "'max' (1) must be >= 'min' (3)": point at the named key when it is there.
        key = re.match(r"^'(\w+)'", msg)
        if key and (*path, key.group(1)) in doc.lines:
            path = (*path, key.group(1))
        where = _loc_text(loc)
        out.append(doc.problem(path, f"{where}: {msg}" if where else msg))
    # A union reports each member's errors; keep one message per line and text.
    unique: dict[tuple[int | None, str], FileProblem] = {}
    for p in out:
        unique.setdefault((p.line, p.message), p)
    return list(unique.values())
