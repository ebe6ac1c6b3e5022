import Foundation

/// Offset pagination behind opaque NextTokens, shared by every emulated service; each
/// service words its own errors for a bad token or page size.
enum Pagination {
    enum Problem: Error {
        case notAnInteger(String)
        case belowMinimum(Int)
        case aboveMaximum(Int, max: Int)
        case badToken
    }

    /// AppConfig's rest-json lists (`max_results` 1…50, BadRequestException).
    static func page<T>(_ items: [T], maxResults: String?, nextToken: String?) throws -> (items: [T], next: String?) {
        do {
            return try page(items, limit: maxResults, nextToken: nextToken, defaultSize: 50, max: 50)
        } catch let p as Problem {
            switch p {
            case .notAnInteger(let v):
                throw APIError.badRequest("1 validation error detected: Value '\(v)' at 'maxResults' failed to satisfy constraint: Member must be an integer")
            case .belowMinimum(let n):
                throw APIError.validation(String(n), member: "maxResults", constraint: "Member must have value greater than or equal to 1")
            case .aboveMaximum(let n, let max):
                throw APIError.validation(String(n), member: "maxResults", constraint: "Member must have value less than or equal to \(max)")
            case .badToken:
                throw APIError.badRequest("The next token is invalid.")
            }
        }
    }

    /// One page of `items`: `limit` (text, from a query string) or `defaultSize` items from
    /// the token's offset, and the token of the next page when more are left.
    static func page<T>(_ items: [T], limit: String?, nextToken: String?, defaultSize: Int, max: Int) throws -> (items: [T], next: String?) {
        guard let limit else { return try page(items, limit: nil as Int?, nextToken: nextToken, defaultSize: defaultSize, max: max) }
        guard let n = Int(limit) else { throw Problem.notAnInteger(limit) }
        return try page(items, limit: n, nextToken: nextToken, defaultSize: defaultSize, max: max)
    }

    static func page<T>(_ items: [T], limit: Int?, nextToken: String?, defaultSize: Int, max: Int) throws -> (items: [T], next: String?) {
        if let limit, limit < 1 { throw Problem.belowMinimum(limit) }
        if let limit, limit > max { throw Problem.aboveMaximum(limit, max: max) }
        var start = 0
        if let nextToken, !nextToken.isEmpty {
            guard let offset = decode(nextToken), offset >= 0, offset <= items.count else { throw Problem.badToken }
            start = offset
        }
        let end = min(items.count, start + (limit ?? defaultSize))
        return (Array(items[start..<end]), end < items.count ? encode(end) : nil)
    }

    static func encode(_ offset: Int) -> String {
        Data("emu-page:\(offset)".utf8).base64EncodedString()
    }

    static func decode(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let s = String(data: data, encoding: .utf8),
              s.hasPrefix("emu-page:") else { return nil }
        return Int(s.dropFirst("emu-page:".count))
    }
}
