import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A tiny element tree for query-protocol responses. STS responses are small,
/// so a tree is simpler and safer than a streaming state machine per operation.
public final class XMLElementNode: @unchecked Sendable {
    // Immutable after parsing; @unchecked because children are built in place.
    public let name: String
    public fileprivate(set) var text: String = ""
    public fileprivate(set) var children: [XMLElementNode] = []

    init(name: String) { self.name = name }

    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// Follows a path of child names: `node["AssumeRoleResult", "Credentials"]`.
    public subscript(_ path: String...) -> XMLElementNode? {
        var node: XMLElementNode? = self
        for p in path { node = node?.child(p) }
        return node
    }

    public var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Depth-first search, for tolerant lookups like `RequestId`.
    public func first(named name: String) -> XMLElementNode? {
        if self.name == name { return self }
        for c in children { if let f = c.first(named: name) { return f } }
        return nil
    }
}

public struct XMLParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "malformed XML response: \(message)" }
}

public enum XMLResponse {
    public static func parse(_ bytes: [UInt8]) throws -> XMLElementNode {
        let delegate = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true // element names without prefixes
        parser.delegate = delegate
        guard parser.parse(), let root = delegate.root else {
            throw XMLParseError(message: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLElementNode?
    var stack: [XMLElementNode] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = XMLElementNode(name: elementName)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
