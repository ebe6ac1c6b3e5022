import Foundation

/// JSON coders for AppConfig bodies. Public so the scanner can store the
/// client's records (deployments) as JSON and read them back with exactly
/// the timestamp handling the wire uses.
public enum AppConfigJSON {
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            // AppConfig sends ISO-8601 strings (its model's timestampFormat). botocore also
            // accepts epoch seconds for any timestamp member, so a server (or emulator)
            // sending numbers still works. Strings are tried first: a failed `decode`
            // builds an error, and that cost was paid on every timestamp of every response.
            guard let text = try? c.decode(String.self) else {
                return Date(timeIntervalSince1970: try c.decode(Double.self))
            }
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 timestamp: \(text)")
            }
            return date
        }
        return d
    }

    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
