"""The application of a test, on the test's store: :func:`app_on`, for the fixtures that make one per test.

FastAPI prepares a route (its parameters' and body's validators) the first time a request is routed
through its router, once per application: a new application pays a tenth to a third of a second of CPU
on its first requests, and most tests make only a few requests.  :func:`app_on` gives a test an
application that an earlier test of the same process already used, with the same settings, and gives
it everything :func:`~cpfkit.api.app.create_app` binds to a store: the ``app.state`` of an application
newly built on the test's store and settings (its store, settings, overview cache and compute slots).
Routes, middleware and handlers are built from the settings alone, so nothing else carries over.

An application is lent to one test at a time: :func:`release_apps` (an autouse fixture of
``tests/conftest.py``) takes them back when the test ends, so only function-scoped fixtures may ask
for one.  A test that adds a route to its application, or wants one nobody used, calls ``create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from cpfkit.api.app import create_app
from cpfkit.settings import Settings
from cpfkit.store import Store

__all__ = ["app_on", "release_apps"]

_APPS: dict[str, list[FastAPI]] = {}
_LENT: set[int] = set()


def app_on(store: Store, settings: Settings | None = None) -> FastAPI:
    """``create_app(store, settings)``, with routes an earlier test of this process already prepared."""
    settings = settings or Settings()
    fresh = create_app(store, settings)
    apps = _APPS.setdefault(settings.model_dump_json(), [])
    for app in apps:
        if id(app) not in _LENT:
            app.state = fresh.state
            break
    else:
        app = fresh
        apps.append(app)
    _LENT.add(id(app))
    return app


def release_apps() -> None:
    """Take back every application lent to the test that ended."""
    _LENT.clear()
