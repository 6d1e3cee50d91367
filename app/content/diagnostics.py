"""Problems found in course content, each with file, line, message and a hint for the trainer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how bad it is, what is wrong and what to do."""

    path: str
    line: int | None  # None (a whole file, a folder) becomes 1
    severity: Severity
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        # Every message has the `path:line:` form that editors and CI annotations jump to;
        # one about a whole file or a folder points at line 1.
        if self.line is None:
            object.__setattr__(self, "line", 1)

    def format(self) -> str:
        """`path:line: severity: message`, plus an indented hint line when there is one."""
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def sort_key(self) -> tuple:
        return (self.path, self.line or 1, self.severity != "error", self.message)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Diagnostic:
        return cls(**data)


@dataclass
class Diagnostics:
    """A collector: code that checks content adds to it and never stops at the first problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(path, line, "error", message, hint))

    def warning(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(path, line, "warning", message, hint))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Sorted by file and line, without exact repeats (one file can be read twice)."""
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
