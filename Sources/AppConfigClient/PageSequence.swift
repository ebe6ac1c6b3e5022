/// One List* operation as an async sequence of pages: each iteration step
/// is one request, so a consumer that stops early (or is cancelled) sends no
/// more requests.
public struct PageSequence<Item: Sendable>: AsyncSequence, Sendable {
    public typealias Element = [Item]

    /// One page: its items and the token of the next one (nil at the end).
    public typealias Fetch = @Sendable (_ nextToken: String?) async throws -> (items: [Item], nextToken: String?)

    let operation: String
    let fetch: Fetch

    public init(operation: String, fetch: @escaping Fetch) {
        self.operation = operation
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator { Iterator(operation: operation, fetch: fetch) }

    public struct Iterator: AsyncIteratorProtocol {
        let operation: String
        let fetch: Fetch
        var token: String?
        var finished = false
        var seenTokens: Set<String> = []

        init(operation: String, fetch: @escaping Fetch) {
            self.operation = operation
            self.fetch = fetch
        }

        public mutating func next() async throws -> [Item]? {
            guard !finished else { return nil }
            try Task.checkCancellation()
            let page = try await fetch(token)
            if let next = page.nextToken, !next.isEmpty {
                // A server that repeats a token would otherwise keep us paging forever.
                guard seenTokens.insert(next).inserted else {
                    finished = true
                    throw AppConfigError.invalidResponse(operation: operation, message: "NextToken \(next) repeated")
                }
                token = next
            } else {
                finished = true
            }
            return page.items
        }
    }

    /// Every item of every page, in order.
    public func collect() async throws -> [Item] {
        var all: [Item] = []
        for try await page in self { all += page }
        return all
    }
}
