"""docgen's caches: the cache folder, for things that are pure functions of their
inputs (the chart, QR codes, the templates' check, compiled template code) or safe to
copy (an initialised LibreOffice profile), and the in-process stores of what does not
change between packets (:func:`remembered`).

The libraries docgen uses keep their data folders in it too (:func:`settle_environment`,
run when docgen is first imported): nothing is written into HOME, which a service
account may not have or may not be allowed to write."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

#: environment variables that point a library's data or cache folder into docgen's
#: (pythainlp's data folder, which it creates when imported)
LIBRARY_FOLDERS = {"PYTHAINLP_DATA": "pythainlp-data"}


def cache_dir(kind: str) -> Path | None:
    """``$DOCGEN_CACHE_DIR/<kind>``, else ``$XDG_CACHE_HOME/docgen/<kind>`` (``~/.cache``);
    None when ``DOCGEN_NO_CACHE`` is set."""
    if os.environ.get("DOCGEN_NO_CACHE"):
        return None
    return Path(_root()) / kind


def _root() -> str:
    root = os.environ.get("DOCGEN_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "docgen")
    return root


def _writable(folder: str) -> bool:
    """Whether *folder* exists or can be made, and files can be made in it."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _tempdir() -> str | None:
    try:
        import tempfile  # imported when needed: a command's start-up is the quicker for it

        return tempfile.gettempdir()
    except OSError:  # no usable temporary folder at all
        return None


def _private_fallback() -> str | None:
    """A cache folder of this user's own in the temporary folder, for when HOME cannot
    hold one: made with mode 0700 and used only if this user owns it."""
    tmp = _tempdir()
    if tmp is None:
        return None
    folder = os.path.join(tmp, f"docgen-cache-{os.geteuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if st.st_uid != os.geteuid() or st.st_mode & 0o077 or not os.path.isdir(folder):
        return None  # another user's folder, or one others may write: not ours to trust
    return folder


def _home_usable() -> bool:
    """Whether HOME is a folder that exists and this user may write (a missing HOME is
    never created, not even by root)."""
    home = os.path.expanduser("~")
    return os.path.isdir(home) and os.access(home, os.W_OK | os.X_OK)


def settle_environment() -> str | None:
    """Point the libraries' data folders into docgen's cache folder (where they are not
    already chosen), before any of them is imported. Where HOME cannot hold the caches
    (missing, not writable), docgen's cache, fontconfig's and the libraries' go into a
    folder of this user's own in the temporary folder (or DOCGEN_CACHE_DIR). Where no
    folder can be written, the libraries are told not to write (pythainlp's read-only
    mode) and the Thai reason is returned, for commands that need a cache to say; None
    when all is well."""
    env = os.environ
    if not _home_usable():
        if not env.get("DOCGEN_CACHE_DIR") and not env.get("XDG_CACHE_HOME"):
            fallback = _private_fallback()
            if fallback is not None:
                env["DOCGEN_CACHE_DIR"] = os.path.join(fallback, "docgen")
        if env.get("DOCGEN_CACHE_DIR"):
            env.setdefault("XDG_CACHE_HOME", os.path.join(env["DOCGEN_CACHE_DIR"], "xdg"))  # fontconfig's cache
    root = _root()
    if not _writable(root):
        env.setdefault("PYTHAINLP_READ_ONLY", "1")
        return (f"เขียนโฟลเดอร์แคชของ docgen ({root}) ไม่ได้ และโฟลเดอร์ชั่วคราว ({_tempdir() or 'ไม่มี'}) ก็ใช้ไม่ได้"
                " ให้ตั้งตัวแปร DOCGEN_CACHE_DIR หรือ TMPDIR เป็นโฟลเดอร์ที่ผู้ใช้นี้เขียนได้"
                " (set DOCGEN_CACHE_DIR or TMPDIR to a folder this user can write)")
    for variable, kind in LIBRARY_FOLDERS.items():
        if variable == "PYTHAINLP_DATA" and env.get("PYTHAINLP_DATA_DIR"):
            continue  # chosen under its older name: both set is an error in pythainlp
        env.setdefault(variable, os.path.join(root, kind))
    return None


def cache_file(kind: str, key: Any, suffix: str) -> Path | None:
    """The file of the cache *kind* that holds what is kept for *key* (JSON-able: every
    input the kept thing depends on); None without a cache."""
    import hashlib
    import json

    folder = cache_dir(kind)
    if folder is None:
        return None
    digest = hashlib.sha256(json.dumps(key, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    return folder / f"{digest}{suffix}"


def keep_file(path: Path | None, data: bytes) -> None:
    """Keep *data* at *path* of the cache, whole or not at all (a cache that cannot be
    written is only slower)."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


T = TypeVar("T")


def _same(data: Any) -> Any:
    return data


def kept(kind: str, key: Any, suffix: str, make: Callable[[], T], *,
         dump: Callable[[T], bytes] = _same, load: Callable[[bytes], T] = _same) -> T:
    """What *make* returns, kept in the cache *kind* under *key* (every input it depends
    on, library versions included): a pure function's result, made once while its
    inputs are unchanged, kept as *dump* writes it and read back by *load*. A kept file
    *load* refuses (ValueError, EOFError, TypeError: one a crash left empty or cut) is
    made again."""
    path = cache_file(kind, key, suffix)
    if path is not None:
        try:
            return load(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    value = make()
    keep_file(path, dump(value))
    return value


def png(data: bytes) -> bytes:
    """*data*, if it is a PNG file (a :func:`kept` loader); ValueError otherwise."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("not a PNG file")
    return data


@functools.cache
def library_version(name: str) -> str:
    """The installed version of the distribution *name*, for a cache's key."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def file_stamp(path: str) -> list[Any]:
    """What tells one version of a file from another without reading it: its path,
    size and modification time (nanoseconds)."""
    st = os.stat(path)
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns]


def remembered(store: dict[Any, Any], key: Any, make: Callable[[], Any], limit: int = 64) -> Any:
    """``store[key]``, made by *make* the first time; a store holding *limit* entries is
    emptied first (a process renders few distinct templates and files)."""
    value = store.get(key)
    if value is None:
        if len(store) >= limit:
            store.clear()
        value = store[key] = make()
    return value
