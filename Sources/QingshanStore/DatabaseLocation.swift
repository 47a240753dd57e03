import Foundation

/// Where the store lives: `sqlite:PATH` (the embedded default) or `postgres://user:password@host:port/database`.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    public struct PostgresAddress: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String

        public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
        }
    }

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Parses the `--database` syntax.
    public init(parsing text: String) throws(ParseError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ParseError(description: "sqlite: needs a file path, e.g. sqlite:qingshan-data/qingshan.sqlite") }
            self = .sqlite(path: path)
            return
        }
        for scheme in ["postgres://", "postgresql://"] where text.hasPrefix(scheme) {
            self = .postgres(try Self.parsePostgres(String(text.dropFirst(scheme.count)), original: text))
            return
        }
        throw ParseError(description: "database '\(text)' must start with sqlite: or postgres://")
    }

    private static func parsePostgres(_ rest: String, original: String) throws(ParseError) -> PostgresAddress {
        let problem = ParseError(description: "database '\(redacted(original))' must look like postgres://user[:password]@host[:port]/database")
        guard let at = rest.lastIndex(of: "@") else { throw problem }
        let credentials = rest[..<at]
        let hostPart = rest[rest.index(after: at)...]
        guard let slash = hostPart.firstIndex(of: "/") else { throw problem }
        let hostAndPort = hostPart[..<slash]
        var database = String(hostPart[hostPart.index(after: slash)...])
        if let query = database.firstIndex(of: "?") { database = String(database[..<query]) }
        let userParts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let user = userParts.first, !user.isEmpty, !database.isEmpty else { throw problem }
        var host = String(hostAndPort)
        var port = 5432
        if let colon = hostAndPort.lastIndex(of: ":") {
            guard let parsed = Int(hostAndPort[hostAndPort.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw problem
            }
            port = parsed
            host = String(hostAndPort[..<colon])
        }
        guard !host.isEmpty else { throw problem }
        return PostgresAddress(
            host: host, port: port, username: percentDecoded(String(user)),
            password: userParts.count > 1 ? percentDecoded(String(userParts[1])) : nil, database: database)
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 37, let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The URL with any password replaced, fit for logs and error messages.
    static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://")?.upperBound,
            let colon = url[schemeEnd..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let address):
            "postgres://\(address.username)\(address.password == nil ? "" : ":***")@\(address.host):\(address.port)/\(address.database)"
        }
    }
}
