"""The DuckDB schema as an ordered list of migrations. ``Store.migrate`` applies the ones
a database file has not seen yet, so an older file is upgraded in place.

Every record table shares the provenance and version columns of ``_RECORD``:
``rec_id`` (unique), ``batch_id`` (the import that wrote it), ``source_file``, ``sheet``,
``row_no`` (1-based Excel row), ``identity`` (what makes two rows the same record),
``content_hash`` (what makes two versions equal) and ``superseded_by`` (the batch that
replaced this version, NULL while it is current). ``batch_records`` lists every batch
that holds each version, unchanged re-imports included; undo rebuilds the versions of the
identities the batch held from the batches still active that hold them, so the state is
the one importing the active batches' files in order would give.
"""
from __future__ import annotations

from reading import vocab

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

PERSON_TABLES: tuple[str, ...] = (
    "attendance", "proposal_people", "sqmy_authors", "speeches", "reports", "other_duties",
    "adjustments",
)


def _sector_key_sql(column: str) -> str:
    """SQL for normalize.sector_key of a column, short of the simplified characters."""
    short = ", ".join(f"('{k}', '{v}')" for k, v in vocab.SECTOR_SHORT_NAMES.items())
    trimmed = f"regexp_replace(regexp_replace({column}, '\\s+', '', 'g'), '界别$', '界')"
    return (f"coalesce((SELECT v.full_name FROM (VALUES {short}) v(short_name, full_name) "
            f"WHERE v.short_name = {trimmed}), {trimmed})")


_KEYS_MIGRATION = "\n".join(
    [f"""ALTER TABLE {t} ADD COLUMN name_key VARCHAR; ALTER TABLE {t} ADD COLUMN sector_key VARCHAR;
    ALTER TABLE {t} ADD COLUMN code_hint VARCHAR;
    UPDATE {t} SET name_key = name, sector_key = nullif({_sector_key_sql('sector_hint')}, '');"""
     for t in PERSON_TABLES]
    + ["""ALTER TABLE members ADD COLUMN name_key VARCHAR; ALTER TABLE members ADD COLUMN sector_key VARCHAR;
    UPDATE members SET name_key = name, sector_key = """ + _sector_key_sql("sector") + ";"]
)

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
    # 2: sign-in users (password as a bcrypt hash only) and the audit log of every write.
    # Roles and audit actions are checked in data/accounts/users.py and data/audit.py, so a new one
    # needs no migration.
    """
    CREATE SEQUENCE audit_seq START 1;
    CREATE TABLE users (
        username VARCHAR PRIMARY KEY,
        display_name VARCHAR NOT NULL,
        password_hash VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        groups VARCHAR[] NOT NULL DEFAULT [],
        member_id VARCHAR,
        disabled BOOLEAN NOT NULL DEFAULT false,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TIMESTAMP,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        password_changed_at TIMESTAMP NOT NULL
    );
    CREATE TABLE audit_log (
        audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
        "at" TIMESTAMP NOT NULL,  -- quoted: AT is a keyword in DuckDB
        username VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        object VARCHAR NOT NULL DEFAULT '',
        detail VARCHAR NOT NULL DEFAULT ''
    );
    """,
    # 3: what the office taught the importer, one table for every kind of answer: the
    # meaning of a written value in a coded column (domain = mark, party, outcome …), a
    # column mapped to a field (domain 'column', written 'SHEET|列名'), an event's
    # category (domain 'event', written its event key) and a term's first year (domain
    # 'term'). And the rest of a composite 职务 beside the title it holds.
    """
    CREATE TABLE taught (
        domain VARCHAR NOT NULL,
        written VARCHAR NOT NULL,
        meaning VARCHAR NOT NULL,
        shown VARCHAR NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL,
        PRIMARY KEY (domain, written)
    );
    ALTER TABLE members ADD COLUMN title_text VARCHAR;
    """,
    # 4: the keys names are matched by (reading.normalize.name_key / sector_key), stored
    # beside the names so the read-time views match as the importer does: traditional
    # characters, padding and brackets, short 界别 names, a 编号 written beside a name.
    # Rows written before keep their names as keys (what they were matched by until now).
    _KEYS_MIGRATION,
    # 5: which batches hold each record version, unchanged ones too: a re-import that finds
    # a record unchanged writes no new version but holds the current one, so undoing an
    # earlier batch keeps what a later active batch also holds. With each holder its own
    # file, sheet and row, for when the record's first holder changes. Rows written before
    # are held by the batch that wrote them (earlier unchanged holds were not recorded).
    """
    CREATE TABLE batch_records (
        batch_id INTEGER NOT NULL,
        table_name VARCHAR NOT NULL,
        identity VARCHAR NOT NULL,
        rec_id BIGINT NOT NULL,
        source_file VARCHAR NOT NULL,
        sheet VARCHAR NOT NULL,
        row_no INTEGER NOT NULL
    );
    """ + "\n".join(
        f"INSERT INTO batch_records SELECT batch_id, '{t}', identity, rec_id, source_file, sheet, row_no "
        f"FROM {t};"
        for t in RECORD_TABLES if t not in ("proposal_people", "sqmy_authors")),
    # 6: published (审定) years, frozen: the rule set, the active batches, and every score
    # row, its facts, the workbook's counts and its provenance rows (file, sheet, row) as
    # they were published (data/published.py). 撤销审定 deletes a year's rows; the audit
    # log keeps who published and withdrew it, when, and why. Amounts are exact cents;
    # the columns that depend on the rule set (one per cap group) and the facts are JSON.
    """
    CREATE TABLE published_years (
        year INTEGER PRIMARY KEY,
        published_at TIMESTAMP NOT NULL,
        published_by VARCHAR NOT NULL,
        note VARCHAR NOT NULL DEFAULT '',
        rules_toml VARCHAR NOT NULL,
        term VARCHAR,
        batch_ids INTEGER[] NOT NULL,
        imported VARCHAR NOT NULL
    );
    CREATE TABLE published_scores (
        year INTEGER NOT NULL,
        position INTEGER NOT NULL,
        member_id VARCHAR NOT NULL,
        name VARCHAR, sector VARCHAR, party VARCHAR, activity_group VARCHAR,
        liaison_group VARCHAR, committee VARCHAR, is_standing BOOLEAN NOT NULL,
        code VARCHAR, title VARCHAR, status VARCHAR,
        total DECIMAL(12, 2) NOT NULL,
        rank INTEGER, sector_rank INTEGER, tier VARCHAR,
        ranked BOOLEAN NOT NULL, joined_midyear BOOLEAN NOT NULL, left_midyear BOOLEAN NOT NULL,
        warnings VARCHAR NOT NULL,
        points VARCHAR NOT NULL,
        facts VARCHAR NOT NULL,
        counts VARCHAR NOT NULL,
        PRIMARY KEY (year, member_id)
    );
    CREATE TABLE published_provenance (
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        member_id VARCHAR NOT NULL,
        item VARCHAR NOT NULL,
        "column" VARCHAR NOT NULL,
        cap_group VARCHAR,
        points_before DECIMAL(12, 2) NOT NULL,
        points DECIMAL(12, 2) NOT NULL,
        source VARCHAR NOT NULL,
        rec_id BIGINT NOT NULL,
        "date" TIMESTAMP,
        source_file VARCHAR,
        sheet VARCHAR,
        row_no INTEGER
    );
    """,
    # 7: sessions on the server (data/accounts/sessions.py): the browser's cookie holds a
    # random token, the database only its SHA-256, so a snapshot signs nobody in; ending a
    # session (sign-out, password change or reset, disabling, a new role) makes the cookie
    # worthless at once. Throttling moves from the account to the account *at an address*
    # plus the address itself (data/accounts/sign_in.py): a stranger's wrong passwords lock
    # the account for the stranger's address only.
    """
    ALTER TABLE users DROP COLUMN failed_attempts;
    ALTER TABLE users DROP COLUMN locked_until;
    CREATE TABLE sessions (
        token_hash VARCHAR PRIMARY KEY,
        username VARCHAR NOT NULL,
        address VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL,
        ended_at TIMESTAMP,
        ended_why VARCHAR
    );
    CREATE TABLE sign_in_throttle (
        address VARCHAR NOT NULL,
        username VARCHAR NOT NULL,  -- '' : every failure from the address
        failures INTEGER NOT NULL,
        unknown_names INTEGER NOT NULL DEFAULT 0,
        window_start TIMESTAMP NOT NULL,
        last_at TIMESTAMP NOT NULL,
        locked_until TIMESTAMP,
        PRIMARY KEY (address, username)
    );
    """,
    # 8: the roster's 推荐单位 (the body that nominated the member: 民革市委会, 市工商联 …),
    # to whom the office writes at year end; NULL where the roster has no such column.
    """
    ALTER TABLE members ADD COLUMN nominator VARCHAR;
    """,
    # 9: the office's own templates of the year-end Word documents (data/documents): one
    # per kind (通报, 通知书, 推荐单位, 提醒函) replacing the shipped one until reset.
    """
    CREATE TABLE doc_templates (
        kind VARCHAR PRIMARY KEY,
        content BLOB NOT NULL,
        uploaded_by VARCHAR NOT NULL,
        uploaded_at TIMESTAMP NOT NULL
    );
    """,
)

# Views over the current versions. A name not matched at import is resolved at read time:
# by an alias given for the name and its 界别, else for the name alone, else by the one
# roster member of that name (and 界别, where one was written) — so a roster imported
# after the activity files, or a resolution, takes effect everywhere without rewriting
# any record.
_PARENT = {"proposal_people": "proposals", "sqmy_authors": "sqmy"}

_NAME_VIEWS = """
CREATE OR REPLACE VIEW cur_members AS SELECT * FROM members WHERE superseded_by IS NULL;
CREATE OR REPLACE VIEW unique_names AS
    SELECT name_key, min(member_id) AS member_id FROM cur_members GROUP BY name_key HAVING count(*) = 1;
CREATE OR REPLACE VIEW unique_sector_names AS
    SELECT name_key, sector_key, min(member_id) AS member_id FROM cur_members
    GROUP BY name_key, sector_key HAVING count(*) = 1;
"""


def _person_view(table: str) -> str:
    """As reading.names.Matcher: the member matched at import, while the roster still has
    them (undoing the roster batch that brought them returns the name to 待匹配); else the
    one of the 编号 written beside the name; a remembered alias; the one roster member of
    the name; the one of the name in the 界别 written beside it."""
    parent = _PARENT.get(table)
    source = (f"{table} r JOIN {parent} p ON p.rec_id = r.rec_id WHERE p.superseded_by IS NULL" if parent
              else f"{table} r WHERE r.superseded_by IS NULL")
    return f"""
CREATE OR REPLACE VIEW cur_{table} AS
SELECT r.* REPLACE (COALESCE(m.member_id, c.member_id, a1.member_id, a0.member_id, u.member_id,
                             us.member_id) AS member_id)
FROM (SELECT r.* FROM {source}) r
LEFT JOIN (SELECT DISTINCT member_id FROM cur_members) m ON m.member_id = r.member_id
LEFT JOIN cur_members c ON m.member_id IS NULL AND c.code = r.code_hint AND c.name_key = r.name_key
LEFT JOIN name_aliases a1 ON m.member_id IS NULL AND a1.alias = r.name AND a1.sector_hint = r.sector_hint
LEFT JOIN name_aliases a0 ON m.member_id IS NULL AND a0.alias = r.name AND a0.sector_hint = ''
LEFT JOIN unique_names u ON m.member_id IS NULL AND u.name_key = r.name_key
LEFT JOIN unique_sector_names us ON m.member_id IS NULL AND us.name_key = r.name_key
                                 AND us.sector_key = r.sector_key;
"""


def _current_view(table: str) -> str:
    if table in PERSON_TABLES:
        return _person_view(table)
    if table == "members":
        return ""
    return f"CREATE OR REPLACE VIEW cur_{table} AS SELECT * FROM {table} WHERE superseded_by IS NULL;"


VIEWS: str = _NAME_VIEWS + "\n".join(_current_view(t) for t in RECORD_TABLES) + """
CREATE OR REPLACE VIEW cur_events AS
    SELECT event_key, min(event_date) AS event_date, min(event_name) AS event_name,
           arg_max(category, rec_id) AS category, min(organizer) AS organizer, min(year) AS year,
           count(*) AS invited
    FROM cur_attendance GROUP BY event_key;
"""
