import GRDB

/// Migrations, append-only: never edit a registered one, add the next.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE hosted_version (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    application_id TEXT NOT NULL,
                    profile_id TEXT NOT NULL,
                    version_number INTEGER NOT NULL,
                    content BLOB NOT NULL,
                    content_type TEXT,
                    description TEXT,
                    version_label TEXT,
                    fetched_at DATETIME NOT NULL,
                    PRIMARY KEY (account_id, region, application_id, profile_id, version_number)
                ) WITHOUT ROWID;

                CREATE TABLE final_deployment (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    application_id TEXT NOT NULL,
                    environment_id TEXT NOT NULL,
                    deployment_number INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('COMPLETE', 'ROLLED_BACK', 'REVERTED')),
                    record BLOB NOT NULL,
                    stored_at DATETIME NOT NULL,
                    PRIMARY KEY (account_id, region, application_id, environment_id, deployment_number)
                ) WITHOUT ROWID;

                CREATE TABLE snapshot (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    scanned_at DATETIME NOT NULL,
                    as_of DATETIME NOT NULL,
                    flag_count INTEGER NOT NULL,
                    error_count INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    errors BLOB NOT NULL
                );
                CREATE INDEX snapshot_scanned_at ON snapshot (scanned_at);

                CREATE TABLE review_decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    application TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    flag_key TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    owner TEXT,
                    target_date TEXT,
                    note TEXT,
                    positive_feedback INTEGER NOT NULL,
                    no_refactors_expected INTEGER NOT NULL,
                    no_longer_needed INTEGER NOT NULL,
                    author TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX review_decision_flag ON review_decision (application, profile, flag_key, id);

                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    result TEXT NOT NULL,
                    details BLOB
                );
                """)
            // History is evidence: the database itself refuses to rewrite it,
            // and cached versions, being immutable upstream, are never updated.
            for table in ["review_decision", "journal"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    """)
            }
            for table in ["hosted_version", "final_deployment"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_immutable BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) rows are immutable'); END;
                    """)
            }
        }
        // A COMPLETE deployment can still become REVERTED for 72 hours, so cached rows
        // carry their completion and are updated when a listing shows a new state. Rows
        // cached as COMPLETE before that rule are dropped: the next scan fetches them once.
        m.registerMigration("v2-deployment-completion") { db in
            try db.execute(sql: """
                DROP TRIGGER final_deployment_immutable;
                ALTER TABLE final_deployment ADD COLUMN completed_at DATETIME;
                DELETE FROM final_deployment WHERE state = 'COMPLETE';
                """)
        }
        // Snapshots stored only when the fleet changed, as pieces shared between them
        // (Snapshots.swift). Rows stored before keep their JSON body (encoding 0) and
        // stay readable; no body is rewritten here, however big the file.
        m.registerMigration("v3-compact-snapshots") { db in
            try db.execute(sql: """
                ALTER TABLE snapshot ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE snapshot ADD COLUMN fingerprint BLOB;
                ALTER TABLE snapshot ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

                CREATE TABLE snapshot_piece (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    hash BLOB NOT NULL UNIQUE,
                    data BLOB NOT NULL,
                    first_used INTEGER NOT NULL,
                    last_used INTEGER
                );
                CREATE INDEX snapshot_piece_closed ON snapshot_piece (last_used, first_used) WHERE last_used IS NOT NULL;

                CREATE TABLE snapshot_seen (
                    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot (id) ON DELETE CASCADE,
                    last_seen_at DATETIME NOT NULL,
                    last_as_of REAL NOT NULL, -- exact: seconds since 2001-01-01 (Foundation's reference date)
                    seen_count INTEGER NOT NULL
                );
                """)
        }
        // Accounts discovered from Organizations or Identity Center (kept an hour), and the
        // regions each account has enabled (kept a day): a rescan does not list them again.
        // Names, ids and OU ids only: no credentials or tokens.
        m.registerMigration("v4-account-discovery") { db in
            try db.execute(sql: """
                CREATE TABLE account_discovery (
                    source TEXT PRIMARY KEY,
                    body BLOB NOT NULL,
                    fetched_at DATETIME NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE account_regions (
                    account_id TEXT PRIMARY KEY,
                    regions TEXT NOT NULL,
                    fetched_at DATETIME NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // Code references (CodeReferenceStore.swift): per configured repository, the last
        // scan's commit and counts, and its hits. A rescan replaces a repository's rows whole.
        // Times are exact seconds since 2001-01-01 (Foundation's reference date), so a scan
        // reads back equal to what was saved.
        m.registerMigration("v5-code-references") { db in
            try db.execute(sql: """
                CREATE TABLE code_reference_scan (
                    repository TEXT PRIMARY KEY,
                    commit_id TEXT NOT NULL,
                    scanned_at REAL NOT NULL,
                    files_scanned INTEGER NOT NULL,
                    files_skipped BLOB NOT NULL -- JSON: {"binary": 3, ...}
                ) WITHOUT ROWID;

                CREATE TABLE code_reference (
                    repository TEXT NOT NULL REFERENCES code_reference_scan (repository) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    flag_key TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    form TEXT NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (repository, path, line, flag_key)
                ) WITHOUT ROWID;
                """)
        }
        // Issue 17: the CloudTrail events read (AppConfig's writes, parsed: no access key ids),
        // kept past CloudTrail's own 90 days, and how far each account/region has been read.
        m.registerMigration("v6-cloudtrail") { db in
            try db.execute(sql: """
                CREATE TABLE cloudtrail_event (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    event_name TEXT NOT NULL,
                    event_time REAL NOT NULL,
                    event BLOB NOT NULL, -- JSON of FlagModel.TrailEvent
                    PRIMARY KEY (account_id, region, event_id)
                ) WITHOUT ROWID;
                CREATE INDEX cloudtrail_event_time ON cloudtrail_event (event_time);

                CREATE TABLE cloudtrail_cursor (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    read_until REAL,          -- events up to here are stored
                    unreadable TEXT,          -- why the last lookup failed (AccessDenied...), else NULL
                    checked_at REAL NOT NULL,
                    PRIMARY KEY (account_id, region)
                ) WITHOUT ROWID;
                """)
        }
        return m
    }
}
