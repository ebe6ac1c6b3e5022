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
        // The scan cache, shared: hosted versions never change, final deployments barely
        // (COMPLETE may become REVERTED for 72 hours), so one person's scan warms the next
        // person's. Code references as `flagdeck refs` last found them, per repository.
        (3, [
            """
            CREATE TABLE hosted_version (
                account_id TEXT NOT NULL, region TEXT NOT NULL, application_id TEXT NOT NULL, profile_id TEXT NOT NULL,
                version_number INTEGER NOT NULL, content BYTEA NOT NULL, content_type TEXT, description TEXT,
                version_label TEXT, fetched_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (account_id, region, application_id, profile_id, version_number)
            )
            """,
            """
            CREATE TABLE final_deployment (
                account_id TEXT NOT NULL, region TEXT NOT NULL, application_id TEXT NOT NULL, environment_id TEXT NOT NULL,
                deployment_number INTEGER NOT NULL, state TEXT NOT NULL, record BYTEA NOT NULL,
                stored_at TIMESTAMPTZ NOT NULL, completed_at TIMESTAMPTZ,
                PRIMARY KEY (account_id, region, application_id, environment_id, deployment_number)
            )
            """,
            """
            CREATE TABLE code_reference_scan (
                repository TEXT PRIMARY KEY, scanned_at TIMESTAMPTZ NOT NULL, published_by TEXT NOT NULL,
                source JSONB NOT NULL,  -- FlagModel.CodeReferenceSource: which applications it speaks for
                body JSONB NOT NULL     -- FlagModel.RepositoryScan
            )
            """,
        ]),
    ]

    static var latest: Int { migrations.map(\.version).max() ?? 0 }
}
