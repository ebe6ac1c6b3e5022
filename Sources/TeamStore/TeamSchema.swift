import Foundation

/// The team store's tables, versioned: a writer applies what is missing on start, under an
/// advisory lock so two writers starting at once do not both; a reader only checks, and
/// refuses a schema newer than it knows. Rows of `decision` and `journal` are only ever
/// inserted (a later row supersedes), so two people writing at once both land.
enum TeamSchema {
    /// pg_advisory_xact_lock key: "flagdeck" in a 64-bit integer.
    static let lockKey: Int64 = 0x666C_6167_6465_636B

    static let migrations: [(version: Int, sql: [String])] = [
        (1, [
            """
            CREATE TABLE decision (
                id BIGSERIAL PRIMARY KEY,
                application TEXT NOT NULL, profile TEXT NOT NULL, flag_key TEXT NOT NULL,
                kind TEXT NOT NULL, owner TEXT, target_date TEXT, note TEXT, checklist JSONB NOT NULL,
                author TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
                UNIQUE (application, profile, flag_key, kind, author, created_at)
            )
            """,
            "CREATE INDEX decision_flag ON decision (application, profile, flag_key, created_at)",
            """
            CREATE TABLE journal (
                id BIGSERIAL PRIMARY KEY,
                at TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
                result TEXT NOT NULL, details JSONB,
                UNIQUE (at, actor, action, target, result)
            )
            """,
            """
            CREATE TABLE snapshot (
                id BIGSERIAL PRIMARY KEY,
                scanned_at TIMESTAMPTZ NOT NULL UNIQUE, as_of TIMESTAMPTZ NOT NULL,
                flag_count INTEGER NOT NULL, error_count INTEGER NOT NULL,
                published_by TEXT NOT NULL, published_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                body BYTEA NOT NULL,   -- JSON of FlagModel.FleetSnapshot
                errors JSONB NOT NULL  -- [FleetStore.ScanFailure]
            )
            """,
        ]),
        // Snapshots as the local store keeps them: compact (SnapshotBlob), stored only when
        // the fleet changed (a rescan that found it unchanged extends the last one's
        // sighting), thinned by the retention rule; and each published scan's audit rows.
        (2, [
            "ALTER TABLE snapshot ADD COLUMN encoding SMALLINT NOT NULL DEFAULT 0",  // 0 JSON, 1 SnapshotBlob
            "ALTER TABLE snapshot ADD COLUMN fingerprint BYTEA",
            "ALTER TABLE snapshot ADD COLUMN last_seen_at TIMESTAMPTZ",
            "ALTER TABLE snapshot ADD COLUMN last_as_of TIMESTAMPTZ",
            "ALTER TABLE snapshot ADD COLUMN seen_count INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE snapshot ADD COLUMN audit BYTEA",  // JSON [FlagModel.AuditRow] of the last sighting
            "CREATE INDEX decision_created ON decision (created_at)",
        ]),
    ]

    static var latest: Int { migrations.map(\.version).max() ?? 0 }
}
