"""The HTTP interface: a JSON API under ``/api`` and the dashboard pages, served by FastAPI."""
