"""Half-open intervals [a, b) of float epoch hours: the small algebra the planners need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Interval = tuple[float, float]


def subtract(a: float, b: float, blocks: Iterable[Interval]) -> list[Interval]:
    """The parts of [a, b) not covered by any of ``blocks``, in time order."""
    pieces: list[Interval] = [(a, b)] if b > a else []
    for x, y in blocks:
        if y <= x:
            continue
        out: list[Interval] = []
        for p, q in pieces:
            if y <= p or x >= q:
                out.append((p, q))
                continue
            if x > p:
                out.append((p, x))
            if y < q:
                out.append((y, q))
        pieces = out
        if not pieces:
            break
    return pieces


def overlap(a: Interval, b: Interval) -> float:
    """Length of the overlap of two intervals (0 when disjoint)."""
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def overlaps_any(iv: Interval, others: Iterable[Interval], tol: float = 1e-6) -> bool:
    return any(overlap(iv, o) > tol for o in others)


def total(ivs: Iterable[Interval]) -> float:
    return sum(b - a for a, b in ivs)


def split_at(iv: Interval, cuts: Sequence[float]) -> list[Interval]:
    """Split [a, b) at each cut point strictly inside it."""
    a, b = iv
    pts = [a] + sorted(c for c in cuts if a < c < b) + [b]
    return [(p, q) for p, q in zip(pts, pts[1:], strict=False) if q > p]


def take(pieces: Sequence[Interval], length: float, from_end: bool = False,
         min_piece: float = 0.0) -> list[Interval]:
    """Up to ``length`` hours from ``pieces`` (sorted), from the start or from the end.

    Pieces shorter than ``min_piece`` are skipped; the last piece taken may be cut short, but
    never below ``min_piece``.
    """
    out: list[Interval] = []
    left = length
    seq = list(reversed(pieces)) if from_end else list(pieces)
    for p, q in seq:
        if left < max(min_piece, 1e-9):
            break
        if q - p < min_piece:
            continue
        n = min(q - p, left)
        if n < min_piece:
            break
        out.append((q - n, q) if from_end else (p, p + n))
        left -= n
    return sorted(out)
