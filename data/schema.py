"""The DuckDB schema as an ordered list of migrations. ``Store.migrate`` applies the ones
a database file has not seen yet, so an older file is upgraded in place.

Every record table shares the provenance and version columns of ``_RECORD``:
``rec_id`` (unique), ``batch_id`` (the import that wrote it), ``source_file``, ``sheet``,
``row_no`` (1-based Excel row), ``identity`` (what makes two rows the same record),
``content_hash`` (what makes two versions equal) and ``superseded_by`` (the batch that
replaced this version, NULL while it is current). Undo deletes a batch's rows and hands
the versions it superseded back to whoever superseded it, or makes them current again.
"""
from __future__ import annotations

_RECORD = """
    rec_id BIGINT PRIMARY KEY,
    batch_id INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet VARCHAR NOT NULL,
    row_no INTEGER NOT NULL,
    identity VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    superseded_by INTEGER
"""

# Person columns of a record naming one person: the name as cleaned, the 界别 given
# beside it (to tell two members of one name apart) and the member it matched at import.
_PERSON = """
    name VARCHAR NOT NULL,
    sector_hint VARCHAR,
    member_id VARCHAR
"""

RECORD_TABLES: tuple[str, ...] = (
    "members", "attendance", "proposals", "proposal_people", "sqmy", "sqmy_authors",
    "speeches", "reports", "other_duties", "adjustments",
)

MIGRATIONS: tuple[str, ...] = (
    # 1: the foundation
    f"""
    CREATE SEQUENCE rec_seq START 1;
    CREATE TABLE batches (
        batch_id INTEGER PRIMARY KEY,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        year INTEGER,
        imported_at TIMESTAMP NOT NULL,
        imported_by VARCHAR NOT NULL,
        status VARCHAR NOT NULL DEFAULT 'active',
        undone_at TIMESTAMP,
        undone_by VARCHAR,
        records_new INTEGER NOT NULL DEFAULT 0,
        records_changed INTEGER NOT NULL DEFAULT 0,
        records_unchanged INTEGER NOT NULL DEFAULT 0,
        pending INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE batch_sheets (
        batch_id INTEGER NOT NULL,
        sheet VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        header_row INTEGER,
        rows_read INTEGER NOT NULL,
        rows_skipped INTEGER NOT NULL,
        skipped_detail VARCHAR NOT NULL,
        records INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        notes VARCHAR NOT NULL DEFAULT ''
    );
    CREATE TABLE members ({_RECORD},
        member_id VARCHAR NOT NULL,
        code VARCHAR,
        name VARCHAR NOT NULL,
        raw_name VARCHAR NOT NULL,
        sector VARCHAR NOT NULL,
        term VARCHAR NOT NULL,
        gender VARCHAR, ethnicity VARCHAR, birth VARCHAR,
        party VARCHAR,
        title VARCHAR,
        is_standing BOOLEAN NOT NULL,
        committee VARCHAR,
        activity_group VARCHAR,
        liaison_group VARCHAR,
        work_unit VARCHAR,
        status VARCHAR NOT NULL,
        change_date DATE,
        phone VARCHAR,
        note VARCHAR
    );
    CREATE TABLE attendance ({_RECORD}, {_PERSON},
        event_key VARCHAR NOT NULL,
        event_date DATE NOT NULL,
        event_name VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        organizer VARCHAR,
        status VARCHAR NOT NULL,
        mark VARCHAR NOT NULL,
        layout VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        note VARCHAR
    );
    CREATE TABLE proposals ({_RECORD},
        year INTEGER NOT NULL,
        number VARCHAR,
        subject VARCHAR NOT NULL,
        proposer VARCHAR NOT NULL,
        cosigners VARCHAR,
        writers VARCHAR,
        form VARCHAR,
        outcome VARCHAR,
        filed BOOLEAN NOT NULL,
        is_key BOOLEAN NOT NULL,
        is_excellent BOOLEAN NOT NULL,
        is_collective BOOLEAN NOT NULL,
        submit_date DATE,
        sector VARCHAR,
        handler VARCHAR,
        result VARCHAR,
        note VARCHAR
    );
    CREATE TABLE proposal_people (
        rec_id BIGINT NOT NULL,
        position INTEGER NOT NULL,
        role VARCHAR NOT NULL,
        source_column VARCHAR NOT NULL,
        {_PERSON}
    );
    CREATE TABLE sqmy ({_RECORD},
        year INTEGER NOT NULL,
        issue VARCHAR,
        title VARCHAR NOT NULL,
        authors VARCHAR NOT NULL,
        submit_date DATE,
        adoption VARCHAR,
        adoption_text VARCHAR,
        instruction VARCHAR,
        instruction_text VARCHAR,
        note VARCHAR
    );
    CREATE TABLE sqmy_authors (
        rec_id BIGINT NOT NULL,
        position INTEGER NOT NULL,
        {_PERSON}
    );
    CREATE TABLE speeches ({_RECORD}, {_PERSON},
        year INTEGER NOT NULL,
        speech_date DATE NOT NULL,
        meeting VARCHAR,
        topic VARCHAR,
        form VARCHAR NOT NULL
    );
    CREATE TABLE reports ({_RECORD}, {_PERSON},
        year INTEGER NOT NULL,
        submitted BOOLEAN NOT NULL,
        submit_date DATE
    );
    CREATE TABLE other_duties ({_RECORD}, {_PERSON},
        year INTEGER NOT NULL,
        category VARCHAR NOT NULL,
        duty_group VARCHAR NOT NULL,
        duty_date DATE,
        content VARCHAR,
        level VARCHAR
    );
    CREATE TABLE adjustments ({_RECORD}, {_PERSON},
        year INTEGER NOT NULL,
        points DECIMAL(9, 2) NOT NULL,
        reason VARCHAR NOT NULL,
        approver VARCHAR,
        adj_date DATE
    );
    CREATE TABLE name_aliases (
        alias VARCHAR NOT NULL,
        sector_hint VARCHAR NOT NULL DEFAULT '',
        member_id VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL,
        PRIMARY KEY (alias, sector_hint)
    );
    CREATE TABLE rule_sets (
        year INTEGER NOT NULL,
        saved_at TIMESTAMP NOT NULL,
        saved_by VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        toml VARCHAR NOT NULL
    );
    """,
)

# Views over the current versions, with pending names resolved through name_aliases
# (an alias given for a name and 界别 wins over one given for the name alone).
_RESOLVED_MEMBER = """COALESCE(r.member_id, (
        SELECT a.member_id FROM name_aliases a
        WHERE a.alias = r.name AND a.sector_hint IN ('', COALESCE(r.sector_hint, ''))
        ORDER BY a.sector_hint DESC LIMIT 1))"""

PERSON_TABLES: tuple[str, ...] = (
    "attendance", "proposal_people", "sqmy_authors", "speeches", "reports", "other_duties",
    "adjustments",
)

_PARENT = {"proposal_people": "proposals", "sqmy_authors": "sqmy"}


def _current_view(table: str) -> str:
    if table in _PARENT:
        parent = _PARENT[table]
        return (
            f"CREATE OR REPLACE VIEW cur_{table} AS SELECT r.* REPLACE ({_RESOLVED_MEMBER} AS member_id) "
            f"FROM {table} r JOIN {parent} p ON p.rec_id = r.rec_id WHERE p.superseded_by IS NULL;"
        )
    if table in PERSON_TABLES:
        return (
            f"CREATE OR REPLACE VIEW cur_{table} AS SELECT r.* REPLACE ({_RESOLVED_MEMBER} AS member_id) "
            f"FROM {table} r WHERE r.superseded_by IS NULL;"
        )
    return f"CREATE OR REPLACE VIEW cur_{table} AS SELECT * FROM {table} WHERE superseded_by IS NULL;"


VIEWS: str = "\n".join(_current_view(t) for t in RECORD_TABLES) + """
CREATE OR REPLACE VIEW cur_events AS
    SELECT event_key, min(event_date) AS event_date, min(event_name) AS event_name,
           mode(category) AS category, min(organizer) AS organizer, min(year) AS year,
           count(*) AS invited
    FROM cur_attendance GROUP BY event_key;
"""
