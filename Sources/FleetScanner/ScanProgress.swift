/// How far a scan is: API calls done of those known so far (the total grows as the
/// scan discovers applications and environments), and the account being read.
public struct ScanProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public var current: String

    public init(done: Int, total: Int, current: String) {
        self.done = done
        self.total = total
        self.current = current
    }
}

/// Counts calls across concurrent tasks and reports each change.
actor ProgressCounter {
    private var done = 0
    private var total = 0
    private let report: @Sendable (ScanProgress) -> Void

    init(report: @escaping @Sendable (ScanProgress) -> Void) { self.report = report }

    func planned(_ count: Int, _ current: String) {
        total += count
        report(ScanProgress(done: done, total: total, current: current))
    }

    func finished(_ current: String) {
        done += 1
        report(ScanProgress(done: done, total: total, current: current))
    }
}
