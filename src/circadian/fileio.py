"""Safe output files: atomic, never clobbering an existing file or an input by accident.

:func:`write_output` writes to a temporary file in the destination's directory, fsyncs it and
moves it into place, so readers see either the old file or the whole new one, and an error
leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from circadian.errors import CircadianError

StrPath = str | os.PathLike[str]

STDOUT = "-"


def write_output(
    path: StrPath, data: str | bytes, force: bool = False, inputs: Sequence[StrPath] = ()
) -> None:
    """Write ``data`` to ``path`` atomically (``"-"`` means standard output).

    Refuses (:class:`CircadianError`) to overwrite an existing file unless ``force``, and always
    refuses to write over one of ``inputs``. Text is written as UTF-8, byte for byte.
    """
    if not isinstance(data, (str, bytes)):
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    if os.fspath(path) == STDOUT:
        _write_stdout(data)
        return

    target = Path(path)
    where = str(target)
    for inp in inputs:
        if os.fspath(inp) != STDOUT and _same_file(target, Path(inp)):
            raise CircadianError(
                f"output is also an input file ({os.fspath(inp)}); choose another output path",
                where,
            )
    if target.is_dir():
        raise CircadianError("output path is a directory", where)
    exists = target.exists() or target.is_symlink()
    if exists and not force:
        raise CircadianError("file already exists; use --force to overwrite it", where)
    parent = target.parent
    if not parent.is_dir():
        raise CircadianError(f"directory {str(parent)!r} does not exist", where)

    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
        tmp = None
        _fsync_dir(parent)
    except FileExistsError:
        raise CircadianError("file already exists; use --force to overwrite it", where) from None
    except OSError as exc:
        raise CircadianError(f"cannot write file: {exc.strerror or exc}", where) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _place_new(tmp: str, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if ``target`` still does not exist (no clobbering race)."""
    try:
        os.link(tmp, target)  # fails with FileExistsError if someone created target meanwhile
    except FileExistsError:
        raise
    except OSError as exc:  # file system without hard links: fall back to check-then-replace
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS, errno.EACCES):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _default_mode() -> int:
    """0o666 minus the process umask (what ``open(path, "w")`` would give)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_stdout(data: str | bytes) -> None:
    if isinstance(data, bytes):
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
            return
        data = data.decode("utf-8")
    sys.stdout.write(data)
    sys.stdout.flush()
