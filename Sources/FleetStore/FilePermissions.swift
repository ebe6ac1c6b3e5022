import Foundation

/// The store holds who changed which flag and the fleet's configuration
/// documents: readable by its owner only.
enum FilePermissions {
    static let fileMode: mode_t = 0o600
    static let directoryMode: Int = 0o700

    static func prepare(directory: URL, file: URL) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: directory.path) {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: directoryMode])
        }
        // Created before SQLite opens it, so it never exists with the umask's wider mode.
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else {
            throw FleetStoreError.open(path: file.path, underlying: String(cString: strerror(errno)))
        }
        // An older file may have been created with a wider mode.
        fchmod(fd, fileMode)
        close(fd)
    }

    static func restrictCompanions(of file: URL) {
        for suffix in ["-wal", "-shm", "-journal"] {
            let path = file.path + suffix
            if FileManager.default.fileExists(atPath: path) { chmod(path, fileMode) }
        }
    }
}
