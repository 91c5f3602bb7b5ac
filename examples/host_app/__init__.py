"""A reference host application for duban_core: an event store on SQLAlchemy (SQLite by
default, PostgreSQL when a URL is given), a FastAPI service and a few server-rendered pages.

Run it (from the repository root, with the ``host-example`` extra installed)::

    PYTHONPATH=examples uvicorn --factory host_app.web:create_app           # SQLite file duban_events.db
    DUBAN_DATABASE_URL=postgresql+psycopg://… PYTHONPATH=examples uvicorn --factory host_app.web:create_app

then open http://127.0.0.1:8000/login. docs/embedding.md walks through it.

It uses only the library's public API: copy it, and replace the sign-in directory
(:data:`host_app.directory.DIRECTORY`) with your own single sign-on.
"""
