import Foundation

/// `--state FILE`: the whole world plus the clock, written atomically
/// (temp file in the same directory, fsync, rename, fsync of the directory).
final class Persistence: @unchecked Sendable {
    struct Snapshot: Codable {
        var format = 1
        var world: WorldState
        var clockNow: Date
        var timeScale: Double
    }

    let path: String
    private let lock = NSLock()

    init(path: String) { self.path = path }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.dataEncodingStrategy = .base64
        return e
    }

    func save(world: WorldState, clockNow: Date, timeScale: Double) throws {
        try lock.withLock {
            let data = try Self.encoder().encode(Snapshot(world: world, clockNow: clockNow, timeScale: timeScale))
            try Self.atomicWrite(data, to: path)
        }
    }

    func load() throws -> Snapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        d.dataDecodingStrategy = .base64
        return try d.decode(Snapshot.self, from: data)
    }

    static func atomicWrite(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw EmulatorConfigError("cannot write \(tmp): errno \(errno)") }
        var ok = true
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        if fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok else { unlink(tmp); throw EmulatorConfigError("cannot write \(tmp): errno \(errno)") }
        guard rename(tmp, path) == 0 else { unlink(tmp); throw EmulatorConfigError("cannot rename \(tmp) to \(path): errno \(errno)") }
        let dfd = open(dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
