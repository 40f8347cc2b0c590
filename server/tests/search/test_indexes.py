"""The search indexes' upkeep (migrations 0031_searchcost, 0036_namegrams): short GIN pending lists, which every keyword
search reads whole, on every search index, also on the notes' monthly partitions attached later."""

from __future__ import annotations

from sqlalchemy import text

from rapport.db import Database

SEARCH_INDEXES = [
    "ix_companies_name_grams",
    "ix_companies_search_vector",
    "ix_contacts_name_grams",
    "ix_contacts_search_vector",
    "ix_deals_search_vector",
    "ix_emails_search_vector",
]
# The notes' partitioned index is set per partition.
NOTE_PARTITIONS = (
    "SELECT c.relname, c.reloptions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
    " WHERE i.inhparent = 'ix_activities_note_search'::regclass ORDER BY c.relname"
)


async def test_every_search_index_keeps_a_short_pending_list(app_db: Database, superuser_db: Database) -> None:
    async with app_db.sessionmaker() as session:
        # One month more than the migration made: a partition attached by the daily job, not the migration.
        await session.execute(text("SELECT rapport_ensure_activity_partitions(4)"))
        await session.commit()
    async with superuser_db.transaction() as session:
        tables = await session.execute(
            text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names) ORDER BY relname"),
            {"names": SEARCH_INDEXES},
        )
        notes = (await session.execute(text(NOTE_PARTITIONS))).all()
        month = await session.scalar(
            text("SELECT to_char(now() AT TIME ZONE 'UTC' + interval '4 months', '\"activities_y\"YYYY\"m\"MM')")
        )

    assert [(name, options) for name, options in tables] == [
        (name, ["gin_pending_list_limit=64"]) for name in SEARCH_INDEXES
    ]
    assert f"{month}_search_vector_idx" in [name for name, _ in notes]
    assert len(notes) >= 6  # the default partition, this month and four ahead
    assert {tuple(options or ()) for _, options in notes} == {("gin_pending_list_limit=64",)}


async def test_the_some_words_function_plans_for_data_in_memory(superuser_db: Database) -> None:
    """Migration 0032_searchpagecost: the some-words match is planned with random_page_cost 1.1 (its GIN
    read first, ahead of the workspace's btree), the every-word match with the server's setting."""
    async with superuser_db.transaction() as session:
        settings = dict(
            (
                await session.execute(
                    text(
                        "SELECT proname, coalesce(proconfig, '{}') FROM pg_proc"
                        " WHERE proname IN ('rapport_search_any', 'rapport_search_match')"
                    )
                )
            ).all()
        )

    assert "random_page_cost=1.1" in settings["rapport_search_any"]
    assert not any(option.startswith("random_page_cost") for option in settings["rapport_search_match"])
