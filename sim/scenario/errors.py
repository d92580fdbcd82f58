"""Scenario errors that report every mistake at once, each with its key path and a fix."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """A mistake in what the user gave (a scenario, a setting, a folder): the CLI prints ``str(err)`` as one
    message and exits with status 2, writing nothing. Every stage's settings check raises a subclass, so
    one ``except InputError`` in ``sim.cli`` answers them all."""


class ScenarioError(InputError):
    """A scenario file or dict is inconsistent.

    ``problems`` holds ``(key_path, message)`` pairs; ``str(err)`` lists them all so a user can fix a
    file in one pass instead of one error per run.
    """

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None):
        self.problems = list(problems)
        self.source = source
        where = f"scenario {source}" if source else "scenario"
        n = len(self.problems)
        head = f"{where}: {n} problem{'s' if n != 1 else ''}"
        lines = [f"  - {path}: {msg}" if path else f"  - {msg}" for path, msg in self.problems]
        super().__init__("\n".join([head, *lines]))


class ConfigError(InputError):
    """A run's settings (configs/config.yaml and its groups) are inconsistent; ``problems`` are
    ``"key.path: what is wrong; the fix"`` strings, all listed in the message."""

    def __init__(self, problems: list[str], what: str = "config"):
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(f"{what}: {n} problem{'s' if n != 1 else ''}\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class Problems:
    """Collects problems during validation; ``raise_if_any`` ends validation with one error."""

    source: str | None = None
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ScenarioError(self.items, self.source)
