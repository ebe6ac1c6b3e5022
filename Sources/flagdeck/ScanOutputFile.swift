import Foundation

/// Where `flagdeck scan` writes: standard output, or `--output FILE`, replaced atomically
/// (written beside it under a temporary name, then renamed) so a reader never sees half
/// a document and a failed scan leaves the previous file as it was.
struct ScanOutputFile {
    var path: String?

    func write(_ produce: (_ write: (Data) -> Void) throws -> Void) throws {
        guard let path else {
            try produce { FileHandle.standardOutput.write($0) }
            return
        }
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            var failure: (any Error)?
            try produce { data in
                guard failure == nil else { return }
                do { try handle.write(contentsOf: data) } catch { failure = error }
            }
            if let failure { throw failure }
            try handle.synchronize()
            // rename(2) replaces the target in one step.
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path,
                                                               NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
