import FlagModel
import Foundation
import GRDB

/// The last code-reference scan of each repository (tables `code_reference_scan`,
/// `code_reference`): what `flagdeck refs` found, kept so the dashboard and the review
/// can show it without searching the repositories again.
extension FleetStore {
    /// Replaces everything stored for `scan.repository` with `scan`, in one transaction:
    /// a reader sees the previous scan or this one, never a mix.
    public func saveCodeReferences(_ scan: RepositoryScan) async throws {
        let skipped = try Self.skipEncoder.encode(scan.filesSkipped)
        try await write { db in
            try db.execute(sql: "DELETE FROM code_reference WHERE repository = ?", arguments: [scan.repository])
            try db.execute(sql: """
                INSERT INTO code_reference_scan (repository, commit_id, scanned_at, files_scanned, files_skipped)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (repository) DO UPDATE SET
                    commit_id = excluded.commit_id, scanned_at = excluded.scanned_at,
                    files_scanned = excluded.files_scanned, files_skipped = excluded.files_skipped
                """, arguments: [scan.repository, scan.commit, scan.scannedAt.timeIntervalSinceReferenceDate,
                                 scan.filesScanned, skipped])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO code_reference (repository, path, line, flag_key, alias, form, text)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for reference in scan.references {
                guard reference.repository == scan.repository, reference.commit == scan.commit else {
                    throw FleetStoreError.invalidInput(
                        "a reference of \(reference.repository) at \(reference.commit) is not part of the scan of "
                            + "\(scan.repository) at \(scan.commit)")
                }
                try insert.execute(arguments: [scan.repository, reference.path, reference.line, reference.key,
                                               reference.alias, reference.form.rawValue, reference.text])
            }
        }
    }

    /// Every stored scan, by repository path; references sorted by path, line, key.
    public func codeReferenceScans() async throws -> [RepositoryScan] {
        try await read { db in
            var scans: [RepositoryScan] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM code_reference_scan ORDER BY repository") {
                let repository: String = row["repository"]
                let commit: String = row["commit_id"]
                let skipped: [CodeReferenceSkip: Int]
                do {
                    skipped = try JSONDecoder().decode([CodeReferenceSkip: Int].self, from: row["files_skipped"] as Data)
                } catch {
                    throw FleetStoreError.corruptRecord("code reference scan of \(repository): \(error)")
                }
                var references = try Row.fetchAll(db, sql: """
                    SELECT path, line, flag_key, alias, form, text FROM code_reference WHERE repository = ?
                    """, arguments: [repository]).map { hit -> CodeReference in
                        let formName: String = hit["form"]
                        guard let form = CodeReferenceForm(rawValue: formName) else {
                            throw FleetStoreError.corruptRecord("code reference form \(formName)")
                        }
                        return CodeReference(repository: repository, commit: commit, path: hit["path"], line: hit["line"],
                                             text: hit["text"], key: hit["flag_key"], alias: hit["alias"], form: form)
                    }
                // Swift's order, as the scanner sorts them (SQLite's differs beyond ASCII).
                references.sort { ($0.path, $0.line, $0.key) < ($1.path, $1.line, $1.key) }
                scans.append(RepositoryScan(
                    repository: repository, commit: commit,
                    scannedAt: Date(timeIntervalSinceReferenceDate: row["scanned_at"]),
                    references: references, filesScanned: row["files_scanned"], filesSkipped: skipped))
            }
            return scans
        }
    }

    private static var skipEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
