"""Computed figures kept until the data changes: the overview cache.

The overview (programme detail, envelope use, operations, completion
summary) is recomputed from the whole programme; under many readers that
would dominate the server's time.  Each entry is labelled with the data
state (epoch and data version) read *before* it was computed, so its figures
are at least that recent.  A request reads the current state (one indexed
read) and takes an entry only if its label is of the same epoch and at least
that version; the database moves the version on in the transaction of every
committed write, whichever program writes (see
:mod:`cpfkit.store.data_version`), so a reader never gets figures older than a
write it could see — with one process or several, and after a backup is
restored under it.

One computation per key at a time: readers arriving while it runs wait for
it instead of repeating it.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.model import ProgrammeData
from cpfkit.services import programmes as services
from cpfkit.services import translations
from cpfkit.services.translations import TextBook, normalise_language
from cpfkit.store import Store
from cpfkit.store.data_version import DataState

__all__ = ["CacheDep", "OverviewCache", "get_cache", "overview", "programme_data", "text_book"]

T = TypeVar("T")


class OverviewCache:
    """Values keyed by what they answer, valid while the data state has not moved past their label."""

    def __init__(self, store: Store, *, enabled: bool = True, max_entries: int = 512) -> None:
        self.store = store
        self.enabled = enabled
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[DataState, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._async_gates: dict[Hashable, asyncio.Lock] = {}
        self.hits = 0
        self.misses = 0

    def data_version(self) -> DataState:
        """The data state now committed (one indexed read)."""
        return self.store.data_state()

    def _fresh(self, key: Hashable, version: DataState) -> tuple[bool, Any]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0].covers(version):
                self._entries.move_to_end(key)
                self.hits += 1
                return True, entry[1]
        return False, None

    async def aget(self, key: Hashable, compute: Callable[[], T]) -> T:
        """:meth:`get` for async routes: a fresh entry is returned at once, without a thread.

        Only the data version is read on the event loop (one indexed row); computing, and waiting
        for another request's computation, happen in the thread pool.
        """
        if not self.enabled:
            return await run_in_threadpool(compute)
        version = self.data_version()
        found, value = self._fresh(key, version)
        if found:
            return value
        # One request computes; the others wait here, on the event loop, not in the thread pool
        # (waiting threads would starve every other request that needs one).
        gate = self._async_gates.setdefault(key, asyncio.Lock())
        try:
            async with gate:
                found, value = self._fresh(key, version)
                if found:
                    return value
                return await run_in_threadpool(self.get, key, compute)
        finally:
            if not gate.locked():
                self._async_gates.pop(key, None)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``, computed again only if the data changed since it was kept."""
        if not self.enabled:
            return compute()
        version = self.data_version()
        found, value = self._fresh(key, version)
        if found:
            return value
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            found, value = self._fresh(key, version)  # computed meanwhile by another request
            if found:
                return value
            try:
                label = self.data_version()  # read before computing: the figures are at least this recent
                result = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self.misses += 1
                self._entries[key] = (label, result)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return result

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


async def get_cache(request: Request) -> OverviewCache:
    """The application's overview cache."""
    cache: OverviewCache = request.app.state.cache
    return cache


CacheDep = Annotated[OverviewCache, Depends(get_cache)]


def text_book(cache: OverviewCache, store: Store, language: str) -> TextBook:
    """The stored translations into a language, read once per data version."""
    language = normalise_language(language)
    return cache.get(("text-book", language), lambda: translations.text_book(store, language))


def programme_data(cache: OverviewCache, store: Store, programme_id: str, language: str = "en") -> ProgrammeData:
    """A programme with everything it counts, loaded once per data version and language.

    In English it is the data of record; in another language its texts are those of the stored
    translations where there are some (:func:`cpfkit.services.translations.in_language`).
    """
    language = normalise_language(language)
    if language == "en":
        return cache.get(("data", programme_id), lambda: services.programme_data(store, programme_id))
    return cache.get(
        ("data", programme_id, language),
        lambda: translations.in_language(programme_data(cache, store, programme_id), text_book(cache, store, language)),
    )


def overview(
    cache: OverviewCache, store: Store, programme_id: str, as_of: date | None, language: str = "en"
) -> services.Overview:
    """The overview figures of a programme as of a date (default: today), computed once per data version and language.

    Derived from :func:`programme_data` fetched *inside* the computation, so the figures are at least as
    recent as the label they are kept under.
    """
    language = normalise_language(language)
    return cache.get(
        ("overview", programme_id, as_of or clock.today(), language),
        lambda: services.overview_of(programme_data(cache, store, programme_id, language), as_of),
    )
