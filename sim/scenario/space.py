"""Issues and the bundle space: one option per issue, indexed in mixed radix.

The index of a bundle reads its options as digits, the first issue most significant, so index order is
lexicographic bundle order. Sizes are Python ints: a space of 1e12+ bundles is fine to describe, and
vectorised conversion uses int64 only while the space fits in it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

INT64_MAX = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Issue:
    """One point of a plan: ordered options, option 0 first (in the default scenario, best for Kyiv)."""

    key: str
    label: str
    options: tuple[str, ...]
    option_labels: tuple[str, ...]
    status_quo: int | None = None

    @property
    def n_options(self) -> int:
        return len(self.options)

    def option_index(self, option: str | int) -> int:
        """Index of an option given by key or index; ``KeyError`` / ``IndexError`` when unknown."""
        if isinstance(option, bool):
            raise KeyError(option)
        if isinstance(option, (int, np.integer)):
            if 0 <= int(option) < self.n_options:
                return int(option)
            raise IndexError(option)
        if option in self.options:
            return self.options.index(option)
        raise KeyError(option)


class Space:
    """The product of the issues' option sets."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.shape: tuple[int, ...] = tuple(i.n_options for i in self.issues)
        self.size: int = math.prod(self.shape)
        # place value of each digit; Python ints so huge spaces never overflow
        self._radix = [math.prod(self.shape[k + 1:]) for k in range(len(self.shape))]

    @property
    def n_issues(self) -> int:
        return len(self.issues)

    @property
    def issue_keys(self) -> list[str]:
        return [i.key for i in self.issues]

    def issue(self, key: str) -> Issue:
        for i in self.issues:
            if i.key == key:
                return i
        raise KeyError(key)

    # --- bundle <-> index -------------------------------------------------------------------------
    def index(self, bundle: Sequence[int]) -> int:
        """Index of one bundle (exact Python int)."""
        self._check_bundle(bundle)
        return sum(int(o) * r for o, r in zip(bundle, self._radix))

    def bundle(self, index: int) -> tuple[int, ...]:
        """Bundle at an index (exact for any size)."""
        index = int(index)
        if not 0 <= index < self.size:
            raise IndexError(f"bundle index {index} outside 0..{self.size - 1}")
        out = []
        for n in reversed(self.shape):
            index, digit = divmod(index, n)
            out.append(digit)
        return tuple(reversed(out))

    def indices(self, bundles: np.ndarray) -> np.ndarray:
        """Vectorised ``index`` for an (n, n_issues) array; int64 when the space fits, else objects."""
        bundles = np.asarray(bundles, dtype=np.int64).reshape(-1, self.n_issues)
        if self.size - 1 <= INT64_MAX:
            return bundles @ np.asarray(self._radix, dtype=np.int64)
        return np.array([self.index(b) for b in bundles.tolist()], dtype=object)

    def bundles(self, indices: np.ndarray | Sequence[int]) -> np.ndarray:
        """Vectorised ``bundle``: an (n, n_issues) int64 array."""
        if self.size - 1 > INT64_MAX:
            return np.array([self.bundle(i) for i in indices], dtype=np.int64).reshape(-1, self.n_issues)
        idx = np.asarray(indices, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.size):
            raise IndexError(f"bundle indices must lie in 0..{self.size - 1}")
        out = np.empty((idx.size, self.n_issues), dtype=np.int64)
        for k in range(self.n_issues - 1, -1, -1):
            idx, out[:, k] = np.divmod(idx, self.shape[k])
        return out

    def all_bundles(self) -> np.ndarray:
        """Dense enumeration in index order; only for small spaces (tests, brute-force oracles)."""
        if self.size > 50_000_000:
            raise MemoryError(f"refusing to enumerate {self.size:,} bundles densely")
        grids = np.indices(self.shape, dtype=np.int64).reshape(self.n_issues, -1)
        return grids.T.copy()

    # --- labels -----------------------------------------------------------------------------------
    def labels(self, bundle: Sequence[int]) -> dict[str, str]:
        """Option key per issue key, for printing and tables."""
        self._check_bundle(bundle)
        return {i.key: i.options[int(o)] for i, o in zip(self.issues, bundle)}

    def _check_bundle(self, bundle: Sequence[int]) -> None:
        if len(bundle) != self.n_issues:
            raise ValueError(f"a bundle needs {self.n_issues} options, got {len(bundle)}")
        for i, o in zip(self.issues, bundle):
            if not 0 <= int(o) < i.n_options:
                raise IndexError(f"option {o} outside 0..{i.n_options - 1} for issue '{i.key}'")

    def __repr__(self) -> str:
        return f"Space({self.n_issues} issues, {self.size:,} bundles)"
