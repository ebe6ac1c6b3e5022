import FlagModel
import Foundation

/// Reads one tracked file at a time into a buffer it keeps (one per worker thread): most
/// source files are a few KB, where allocating or mapping per file costs more than reading.
struct FileReader {
    enum Result {
        /// Valid until the next `read`.
        case contents(UnsafePointer<UInt8>, Int)
        case skipped(CodeReferenceSkip)
    }

    /// A file with a NUL byte this early is binary (git's own test looks at the first 8000).
    static let binaryProbe = 8192

    private let directory: Int32
    private let limit: Int
    private let buffer: UnsafeMutablePointer<UInt8>

    /// `directory`: an open descriptor of the work tree; `limit`: the largest file read.
    init(directory: Int32, limit: Int) {
        self.directory = directory
        self.limit = limit
        // One byte more than the limit: a file that fills it is too large.
        buffer = .allocate(capacity: limit + 1)
    }

    func release() {
        buffer.deallocate()
    }

    /// `path` relative to the work tree. Symbolic links are not followed (their target may
    /// be outside the tree, or the tracked file it names is read anyway); directories
    /// (submodules: `read` fails) and files gone from the work tree are `unreadable`. No
    /// `fstat`: reading up to one byte past the limit tells a file too large, and at
    /// 100,000 files every system call shows.
    func read(_ path: String) -> Result {
        let fd = openat(directory, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .skipped(.unreadable) }
        defer { close(fd) }
        var count = 0
        while count <= limit {
            let n = readBytes(fd, buffer + count, limit + 1 - count)
            if n < 0 {
                if errno == EINTR { continue }
                return .skipped(.unreadable)
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { return .skipped(.tooLarge) }
        if memchr(buffer, 0, min(count, Self.binaryProbe)) != nil { return .skipped(.binary) }
        return .contents(UnsafePointer(buffer), count)
    }
}

// At file scope: inside FileReader, `read` is the method above.
private func readBytes(_ fd: Int32, _ into: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, into, count)
}
