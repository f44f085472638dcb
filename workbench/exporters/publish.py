"""Publishing an export atomically: a reader of the output directory sees the previous
complete export or the new complete one with its manifest, never a part of either.

Every file is written (and flushed to disk) in a hidden staging directory next to the output
directory, ``manifest.json`` last; files of the output directory that the new export does
not write are linked into it too. Then the staging directory and the output directory are
exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``), and the previous export is
removed. Where the exchange is not supported, the output directory is renamed aside and the
staging directory renamed into place; an export killed between those two renames is put
back by the next export to the same directory. Staging directories left by a killed export
are removed then too. Plain I/O, no store."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.exporters.registry import ExportError

AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}


def _hidden(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _pid_of(entry: Path) -> int | None:
    try:
        return int(entry.name.rsplit("-", 2)[-2])
    except (IndexError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be synced
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def recover(out: Path) -> None:
    """Undo what a killed export left next to ``out``: put a previous export renamed aside
    back when ``out`` is missing, and remove dead exports' staging directories."""
    if not out.parent.is_dir():
        return
    leftovers = sorted(
        (p for p in out.parent.glob(f".{out.name}.*-*-*") if _pid_of(p) != os.getpid()),
        key=lambda p: p.stat().st_mtime,
    )
    aside = [p for p in leftovers if ".old-" in p.name and not _alive(_pid_of(p))]
    if aside and not out.exists():
        aside[-1].rename(out)  # the most recent complete export
        aside = aside[:-1]
    for p in aside:
        shutil.rmtree(p, ignore_errors=True)
    for p in leftovers:
        if ".staging-" in p.name and not _alive(_pid_of(p)):
            shutil.rmtree(p, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _carry_over(out: Path, stage: Path) -> None:
    """Link into ``stage`` what ``out`` holds and the new export does not write."""
    if not out.is_dir():
        return
    for entry in out.iterdir():
        target = stage / entry.name
        if target.exists() or target.is_symlink():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target))


def _swap(stage: Path, out: Path) -> None:
    """Put ``stage`` where ``out`` is; afterwards ``stage`` holds the previous export (or
    nothing)."""
    if not out.exists():
        stage.rename(out)
        return
    if exchange(stage, out):
        return
    aside = _hidden(out, "old")
    out.rename(aside)
    stage.rename(out)
    shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def publishing(out: Path) -> Iterator[Path]:
    """A staging directory to write the export into; when the block ends without error its
    contents replace ``out`` in one step. On error ``out`` is left as it was."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a directory: choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = _hidden(out, "staging")
    stage.mkdir()
    try:
        if out.is_dir():
            os.chmod(stage, stat.S_IMODE(out.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(stage, 0o777 & ~umask)
        yield stage
        _carry_over(out, stage)
        fsync_dir(stage)
        _swap(stage, out)
        fsync_dir(out.parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
