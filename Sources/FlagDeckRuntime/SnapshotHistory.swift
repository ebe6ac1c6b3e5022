import FlagModel
import FleetStore

/// The snapshots kept in the store: what a scan falls back on for the parts it cannot
/// read, and where a scan of now is kept for "what changed since".
public enum SnapshotHistory {
    /// The last stored scan of the fleet, for the parts a scan cannot read.
    public static func earlier(in store: FleetStore?) async -> EarlierScan? {
        guard let stored = try? await store?.latestSnapshot() else { return nil }
        return EarlierScan(snapshot: stored.snapshot, scannedAt: stored.info.scannedAt)
    }

    /// Keeps the snapshot for "what changed since" (only what changed is stored, and
    /// older snapshots are thinned by the retention rule); a store that cannot be written
    /// costs the history, never the scan.
    public static func save(_ result: ScanResult, in store: FleetStore?) async {
        guard let store else { return }
        _ = try? await store.saveSnapshot(result.snapshot, scannedAt: result.scannedAt, errors: result.errors.map(ScanFailure.init),
                                          retention: .standard)
    }
}
