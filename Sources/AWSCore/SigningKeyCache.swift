import Crypto
import Foundation

/// Derived SigV4 signing keys, one per secret, day, region and service.
///
/// Deriving a key is four HMACs; a scan signs thousands of requests with the same few
/// keys, so botocore-style per-request derivation was a tenth of a cold scan's CPU. The
/// cache lives in memory only (the secret is already in memory) and holds at most
/// `capacity` keys: when full it starts again, which a day change does anyway.
final class SigningKeyCache: @unchecked Sendable {
    struct Scope: Hashable {
        var secret: String
        var day: String
        var region: String
        var service: String
    }

    static let shared = SigningKeyCache()

    private let lock = NSLock()
    private var keys: [Scope: SymmetricKey] = [:]
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func key(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        let scope = Scope(secret: secret, day: day, region: region, service: service)
        if let key = lock.withLock({ keys[scope] }) { return key }
        let key = SigV4Signer.signingKey(secret: secret, day: day, region: region, service: service)
        lock.withLock {
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[scope] = key
        }
        return key
    }
}
