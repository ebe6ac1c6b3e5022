import Foundation

/// JSON bodies of the discovery services (Organizations, Account, the SSO portal): small
/// untyped documents, read with JSONSerialization, paged by a token.
enum DiscoveryJSON {
    static func encode(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    static func decode(_ response: HTTPResponse, operation: String) throws -> [String: Any] {
        if response.body.isEmpty { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            throw AWSError(code: "InvalidResponse", message: "\(operation): the response is not a JSON object",
                           statusCode: response.status)
        }
        return object
    }

    /// Every page of a token-paged operation. A server repeating a token would otherwise
    /// keep us paging forever.
    static func allPages(operation: String, _ page: (String?) async throws -> (items: [[String: Any]], next: String?))
        async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let result = try await page(token)
            items += result.items
            token = result.next.flatMap { $0.isEmpty ? nil : $0 }
            if let token, !seen.insert(token).inserted {
                throw AWSError(code: "InvalidResponse", message: "\(operation): NextToken \(token) repeated")
            }
        } while token != nil
        return items
    }
}

/// Global services (Organizations, Account) are signed for one region of the partition.
public enum GlobalServiceRegion {
    /// `us-east-1`, or the partition's own for China and GovCloud regions.
    public static func forPartition(of region: String?) -> String {
        guard let region else { return "us-east-1" }
        if region.hasPrefix("cn-") { return "cn-northwest-1" }
        if region.hasPrefix("us-gov-") { return "us-gov-west-1" }
        return "us-east-1"
    }
}
