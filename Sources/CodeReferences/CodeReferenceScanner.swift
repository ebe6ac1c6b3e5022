import FlagModel
import Foundation

/// Searches one git work tree for flag keys and their spellings (FlagKeyAliases).
///
/// Only tracked files are read (`git ls-files`: .gitignore is honoured, untracked files
/// are not code anyone shipped), minus vendored and generated ones (SkippedPaths,
/// .gitattributes), binaries (a NUL in the first 8 KB) and files over `maxFileSize`.
/// Files are read by a few threads at once, each with one reusable buffer, and searched
/// token by token against one hash table of every alias (TokenMatcher): a 100,000-file
/// repository takes seconds, like `git grep`.
public struct CodeReferenceScanner: Sendable {
    /// Larger files are skipped (`tooLarge`): minified bundles, data dumps.
    public var maxFileSize: Int
    /// Threads reading files at once. Four even on two cores: with a cold page cache most
    /// of a read is waiting for the disk, and more reads in flight finish sooner.
    public var workers: Int

    public init(maxFileSize: Int = 1 << 20, workers: Int = 4) {
        self.maxFileSize = maxFileSize
        self.workers = workers
    }

    /// Every reference to `keys` in the work tree at `path`, with the defaults above.
    /// Throws `CodeReferenceError` when `path` is not a git work tree with a commit.
    public static func scan(repository path: String, keys: [String]) throws -> RepositoryScan {
        try CodeReferenceScanner().scan(repository: path, keys: keys, scannedAt: Date())
    }

    public func scan(repository path: String, keys: [String], scannedAt: Date) throws -> RepositoryScan {
        let git = GitWorkTree(path: path)
        let (commit, infoAttributes) = try git.head()
        let tracked = try git.trackedFiles()

        var skipped: [CodeReferenceSkip: Int] = [:]
        var candidates: [String] = []
        candidates.reserveCapacity(tracked.count)
        for file in tracked {
            if let reason = SkippedPaths.reason(for: file) { skipped[reason, default: 0] += 1 } else { candidates.append(file) }
        }
        // Only asked when some attributes file exists that could mark anything, and while
        // the files are read: `git check-attr` takes half a second at 100,000 files.
        let hasAttributes = tracked.contains { $0 == ".gitattributes" || $0.hasSuffix("/.gitattributes") }
            || FileManager.default.fileExists(atPath: infoAttributes)
        let pendingMarks = hasAttributes ? BackgroundCall { [candidates] in try git.linguistMarks(candidates) } : nil

        let unique = Array(Set(keys)).sorted()
        let outcome = try search(candidates, in: path, table: AliasTable(keys: unique))
        let marks = try pendingMarks?.result() ?? [:]

        var scanned = 0
        for (index, status) in outcome.statuses.enumerated() {
            if !marks.isEmpty, let mark = marks[candidates[index]] {
                skipped[mark, default: 0] += 1
            } else if let status {
                skipped[status, default: 0] += 1
            } else {
                scanned += 1
            }
        }
        var references: [CodeReference] = []
        for (fileIndex, hits) in outcome.hits where marks.isEmpty || marks[candidates[fileIndex]] == nil {
            for hit in hits {
                references.append(CodeReference(
                    repository: path, commit: commit, path: candidates[fileIndex], line: hit.line, text: hit.text,
                    key: unique[hit.key], alias: hit.alias, form: hit.form))
            }
        }
        references.sort { ($0.path, $0.line, $0.key) < ($1.path, $1.line, $1.key) }
        return RepositoryScan(repository: path, commit: commit, scannedAt: scannedAt, references: references,
                              filesScanned: scanned, filesSkipped: skipped)
    }

    /// Reads and searches `files` on `workers` threads, a chunk of files at a time.
    private func search(_ files: [String], in path: String, table: AliasTable) throws -> SearchOutcome {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw CodeReferenceError.notAWorkTree(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(directory) }
        let shared = SharedSearch(fileCount: files.count)
        let matcher = TokenMatcher(table: table)
        let limit = maxFileSize
        // Threads, not `concurrentPerform`: that runs at most one worker per core, and
        // these spend much of their time blocked in `read`.
        let finished = DispatchGroup()
        for _ in 0..<max(1, workers) {
            finished.enter()
            Thread {
                let reader = FileReader(directory: directory, limit: limit)
                defer { reader.release() }
                var hits: [(Int, [TokenMatcher.Hit])] = []
                while let range = shared.nextChunk() {
                    for index in range {
                        switch reader.read(files[index]) {
                        case .skipped(let reason):
                            shared.statuses[index] = reason
                        case .contents(let base, let count):
                            let found = matcher.hits(in: base, count: count)
                            if !found.isEmpty { hits.append((index, found)) }
                        }
                    }
                }
                shared.merge(hits)
                finished.leave()
            }.start()
        }
        finished.wait()
        return SearchOutcome(statuses: Array(shared.statuses), hits: shared.hits)
    }
}

struct SearchOutcome {
    /// Per file, why it was not searched; nil: searched.
    var statuses: [CodeReferenceSkip?]
    /// Per file index, its hits.
    var hits: [(Int, [TokenMatcher.Hit])]
}

/// The workers' common state: the next chunk to take, each file's status and the hits.
private final class SharedSearch: @unchecked Sendable {
    private let lock = NSLock()
    private let fileCount: Int
    private var next = 0
    /// Written without the lock: each index by the one worker that took its chunk, read
    /// after every worker has finished.
    let statuses: UnsafeMutableBufferPointer<CodeReferenceSkip?>
    private(set) var hits: [(Int, [TokenMatcher.Hit])] = []
    /// Small enough that threads finish together, big enough that the lock is rarely taken.
    private let chunkSize = 64

    init(fileCount: Int) {
        self.fileCount = fileCount
        statuses = .allocate(capacity: fileCount)
        statuses.initialize(repeating: nil)
    }

    deinit {
        statuses.deallocate()
    }

    func nextChunk() -> Range<Int>? {
        lock.withLock {
            guard next < fileCount else { return nil }
            let range = next..<min(next + chunkSize, fileCount)
            next = range.upperBound
            return range
        }
    }

    func merge(_ found: [(Int, [TokenMatcher.Hit])]) {
        lock.withLock { hits += found }
    }
}

/// One call run on its own thread, its result waited for later.
private final class BackgroundCall<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var outcome: Result<Value, Error>?

    init(_ body: @escaping @Sendable () throws -> Value) {
        done.enter()
        Thread {
            self.outcome = Result(catching: body)
            self.done.leave()
        }.start()
    }

    func result() throws -> Value {
        done.wait()
        return try outcome!.get()
    }
}
