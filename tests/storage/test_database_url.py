"""A PostgreSQL address's own connection options are kept: pimbot adds its statement timeout to them."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from bot.config import load_settings
from bot.storage.database import Store
from tests.conftest import POSTGRES_URL_VARIABLE


def test_a_search_path_in_the_url_puts_the_tables_in_that_schema() -> None:
    """`?options=-csearch_path%3D...` was once replaced by the timeout option: the tables went to `public`."""
    base = os.environ.get(POSTGRES_URL_VARIABLE)
    if not base:
        pytest.skip(f"set {POSTGRES_URL_VARIABLE} to run against PostgreSQL (.ci/run does)")
    url = load_settings({"DATABASE_URL": base}, None).database_url
    schema = f"pimbot_options_{os.getpid()}"
    setup = Store(url)
    with setup.engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        store = Store(f"{url}?options=-csearch_path%3D{schema}")
        with store.engine.connect() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == schema
            assert connection.execute(text("SHOW statement_timeout")).scalar() != "0"
            tables = connection.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"), {"s": schema}
            ).scalar()
        assert tables and tables >= 4
        store.close()
    finally:
        with setup.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        setup.close()
