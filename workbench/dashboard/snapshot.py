"""A value that is loaded once and then refreshed in the background when it gets old.

The corpus-wide data of the dashboard (every annotation, the agreement report) takes seconds
to compute on a large store but does not change when an editor decides something. Holding it
here means only the very first visitor waits; later, a stale value is served at once while a
fresh one is computed in a thread (stale-while-revalidate). No Streamlit in this module.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Refreshing(Generic[T]):
    def __init__(
        self, load: Callable[[], T], ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._value: T | None = None
        self._loaded_at: float | None = None
        self._refreshing = False
        self.last_error: BaseException | None = None

    @property
    def loaded_at(self) -> float | None:
        return self._loaded_at

    @property
    def ready(self) -> bool:
        return self._loaded_at is not None

    def _fresh(self) -> bool:
        return self._loaded_at is not None and self._clock() - self._loaded_at < self._ttl

    def get(self) -> T:
        """The value: loaded now when there is none yet; when stale, the old one while a
        thread loads the new one."""
        with self._lock:
            if self._loaded_at is None:
                value = self._load()
                self._value, self._loaded_at = value, self._clock()
                return value
            if not self._fresh() and not self._refreshing:
                self._refreshing = True
                threading.Thread(target=self._refresh, daemon=True).start()
            assert self._value is not None
            return self._value

    def _refresh(self) -> None:
        try:
            value = self._load()
        except Exception as exc:  # keep serving the old value; show the error elsewhere
            self.last_error = exc
            with self._lock:
                self._refreshing = False
            return
        with self._lock:
            self._value, self._loaded_at = value, self._clock()
            self._refreshing = False
            self.last_error = None

    def reload(self) -> T:
        """Load now and wait for it."""
        value = self._load()
        with self._lock:
            self._value, self._loaded_at = value, self._clock()
        return value
