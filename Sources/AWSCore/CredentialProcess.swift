import Foundation

/// `credential_process`: runs a command and reads the JSON contract
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`
/// from its standard output. Errors never include that output: it may
/// hold the very secret that failed to parse.
public struct CredentialProcessProvider: CredentialProvider {
    public let source: CredentialSource
    public let profile: String
    public let command: String
    public let timeoutSeconds: Double

    public init(profile: String, command: String, timeoutSeconds: Double = 60) {
        self.profile = profile
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.source = .credentialProcess(profile: profile)
    }

    public func credentials() async throws -> Credentials {
        let result = try await Self.run(command: command, timeout: timeoutSeconds)
        let prefix = "credential_process of profile \(profile)"
        if result.timedOut {
            throw CredentialsError("\(prefix) did not finish within \(Int(timeoutSeconds)) s and was stopped")
        }
        guard result.status == 0 else {
            var msg = "\(prefix) exited with status \(result.status)"
            let err = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if !err.isEmpty { msg += ": " + String(err.prefix(300)) }
            throw CredentialsError(msg)
        }
        return try Self.parse(result.stdout, context: prefix)
    }

    public static func parse(_ stdout: [UInt8], context: String) throws -> Credentials {
        guard let object = try? JSONSerialization.jsonObject(with: Data(stdout)),
              let json = object as? [String: Any]
        else {
            throw CredentialsError("\(context) printed \(stdout.count) bytes that are not a JSON object")
        }
        guard let version = json["Version"] as? Int, version == 1 else {
            let shown = json["Version"].map { "\($0)" } ?? "none"
            throw CredentialsError("\(context) returned unsupported Version \(shown) (expected 1)")
        }
        var missing: [String] = []
        let akid = json["AccessKeyId"] as? String
        let secret = json["SecretAccessKey"] as? String
        if akid?.isEmpty ?? true { missing.append("AccessKeyId") }
        if secret?.isEmpty ?? true { missing.append("SecretAccessKey") }
        guard missing.isEmpty, let akid, let secret else {
            throw CredentialsError("\(context) returned JSON without \(missing.joined(separator: " and "))")
        }
        var expiration: Date? = nil
        if let raw = json["Expiration"] {
            guard let s = raw as? String, let d = ISO8601.parse(s) else {
                throw CredentialsError("\(context) returned an Expiration that is not an ISO-8601 time")
            }
            expiration = d
        }
        return Credentials(accessKeyId: akid, secretAccessKey: secret,
                           sessionToken: json["SessionToken"] as? String, expiration: expiration)
    }

    struct ProcessResult: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var timedOut: Bool
    }

    /// Through `/bin/sh -c` like the Go and Rust SDKs, so quoting works as the user typed it.
    static func run(command: String, timeout: Double) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<ProcessResult, any Error>) in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command]
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    cont.resume(throwing: CredentialsError("cannot start credential_process: \(error)"))
                    return
                }
                let killed = FlagBox()
                let timer = DispatchWorkItem {
                    if process.isRunning { killed.set(); process.terminate() }
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
                // Drain stderr concurrently: a chatty process must not block on a full pipe.
                let errBox = DataBox()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    errBox.data = err.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                timer.cancel()
                let timedOut = killed.isSet
                cont.resume(returning: ProcessResult(
                    status: process.terminationStatus, stdout: Array(stdout),
                    stderr: String(decoding: errBox.data, as: UTF8.self), timedOut: timedOut))
            }
        }
    }
}

private final class DataBox: @unchecked Sendable {
    // Written by one thread before `group.leave()`, read after `group.wait()`.
    var data = Data()
}

private final class FlagBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
