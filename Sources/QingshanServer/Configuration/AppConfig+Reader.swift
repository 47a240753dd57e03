import Configuration
import Foundation
import Logging
import QingshanStore
import SystemPackage
import Yams

extension AppConfig {
    /// Every key Qingshan reads, with its environment variable and default, in the order of
    /// `docs/CONFIGURATION.md`.
    public static let keys: [(key: String, environment: String, defaultValue: String, meaning: String)] = [
        ("data.directory", "QINGSHAN_DATA_DIRECTORY", defaultDataDirectory, "data directory; holds the SQLite file"),
        ("database", "QINGSHAN_DATABASE", "sqlite:<data.directory>/qingshan.sqlite", "sqlite:PATH or postgres://user:password@host:port/db"),
        ("http.address", "QINGSHAN_HTTP_ADDRESS", "127.0.0.1:8080", "HTTP listen address HOST:PORT"),
        ("hj212.address", "QINGSHAN_HJ212_ADDRESS", "127.0.0.1:9212", "HJ 212 gateway listen address HOST:PORT"),
        ("hj212.max_connections", "QINGSHAN_HJ212_MAX_CONNECTIONS", "20000", "open logger connections; more are closed at once"),
        ("hj212.idle_timeout", "QINGSHAN_HJ212_IDLE_TIMEOUT", "900", "seconds without a byte before a connection is closed"),
        ("hj212.max_segment_bytes", "QINGSHAN_HJ212_MAX_SEGMENT_BYTES", "1024", "largest data segment accepted, 100 to 9999"),
        ("log.level", "QINGSHAN_LOG_LEVEL", "info", "trace, debug, info, notice, warning, error, critical"),
        ("log.format", "QINGSHAN_LOG_FORMAT", "text", "text or json (one JSON object a line)"),
        ("profile", "QINGSHAN_PROFILE", "(built-in Bayannur profile)", "profile YAML loaded into an empty registry"),
        ("api.page_size", "QINGSHAN_API_PAGE_SIZE", "1000", "items per page when a request names no limit"),
        ("api.max_page_size", "QINGSHAN_API_MAX_PAGE_SIZE", "10000", "largest limit a request may ask for"),
        ("import.batch_size", "QINGSHAN_IMPORT_BATCH_SIZE", "50000", "observations per import transaction"),
        ("api.write_token", "QINGSHAN_API_WRITE_TOKEN", "(none)", "a city-role token (reads and writes everything) besides those of qingshan token create; keep it in the environment"),
        ("api.rate_limit", "QINGSHAN_API_RATE_LIMIT", "50", "requests a second per address without a token; 0 turns the limit off"),
        ("api.token_rate_limit", "QINGSHAN_API_TOKEN_RATE_LIMIT", "200", "requests a second per API token; 0 turns the limit off"),
        ("api.rate_burst", "QINGSHAN_API_RATE_BURST", "200", "requests a client may make at once before the rate applies"),
    ]

    /// Values given as command-line flags; they take precedence over everything else.
    public struct Overrides: Sendable {
        public var values: [String: String]

        public init(database: String? = nil, http: String? = nil, hj212: String? = nil, dataDirectory: String? = nil,
                    logLevel: String? = nil)
        {
            values = [:]
            values["database"] = database
            values["http.address"] = http
            values["hj212.address"] = hj212
            values["data.directory"] = dataDirectory
            values["log.level"] = logLevel
        }
    }

    /// Reads flags, then `QINGSHAN_*` variables, then the YAML file, then defaults.
    public static func load(
        file: String?, overrides: Overrides = Overrides(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ConfigurationError) -> AppConfig {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(
                name: "flags",
                values: Dictionary(uniqueKeysWithValues: overrides.values.map { (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue(.string($0.value), isSecret: false)) })),
            KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: environment)) { key in
                key.prepending(["qingshan"])
            },
        ]
        if let file {
            try checkFile(file)
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(file)))
            } catch {
                throw ConfigurationError("config file \(file): cannot be read as YAML: \(error)")
            }
        }
        return try build(ConfigReader(providers: providers))
    }

    /// Refuses a missing file, a file that is not a YAML mapping, and keys Qingshan does not know (a typo
    /// would otherwise be ignored silently).
    static func checkFile(_ file: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError("config file \(file) does not exist or cannot be read")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError("config file \(file): not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let node else { return }
        guard let mapping = node.mapping else {
            throw ConfigurationError("config file \(file): the top level must be a mapping of keys such as http: {address: ...}")
        }
        let known = Set(keys.map(\.key))
        func walk(_ mapping: Node.Mapping, prefix: String) throws(ConfigurationError) {
            for (keyNode, value) in mapping {
                let key = prefix + (keyNode.string ?? "?")
                if let nested = value.mapping {
                    try walk(nested, prefix: key + ".")
                } else if !known.contains(key) {
                    let line = keyNode.mark.map { ":\($0.line)" } ?? ""
                    throw ConfigurationError(
                        "config file \(file)\(line): unknown key '\(key)'; known keys: \(keys.map(\.key).joined(separator: ", "))")
                }
            }
        }
        try walk(mapping, prefix: "")
    }

    static func build(_ reader: ConfigReader) throws(ConfigurationError) -> AppConfig {
        func text(_ key: String) -> String? {
            reader.string(forKey: ConfigKey(key))
        }
        func address(_ key: String, default value: HostAndPort) throws(ConfigurationError) -> HostAndPort {
            guard let raw = text(key) else { return value }
            guard let parsed = HostAndPort(parsing: raw) else {
                throw ConfigurationError("\(key) '\(raw)' must be HOST:PORT, for example 127.0.0.1:8080")
            }
            return parsed
        }
        func positive(_ key: String, default value: Int) throws(ConfigurationError) -> Int {
            guard let raw = text(key) else { return value }
            guard let parsed = Int(raw), parsed > 0 else {
                throw ConfigurationError("\(key) '\(raw)' must be a whole number above 0")
            }
            return parsed
        }
        func token() throws(ConfigurationError) -> String? {
            guard let raw = reader.string(forKey: "api.write_token", isSecret: true) else { return nil }
            guard raw.count >= 16, !raw.contains(" ") else {
                throw ConfigurationError("api.write_token must be at least 16 characters without spaces")
            }
            return raw
        }
        let directory = text("data.directory") ?? defaultDataDirectory
        guard !directory.isEmpty else { throw ConfigurationError("data.directory must not be empty") }
        var database: DatabaseLocation?
        if let raw = text("database") {
            do { database = try DatabaseLocation(parsing: raw) } catch { throw ConfigurationError(error.description) }
        }
        let levelText = text("log.level") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError("log.level '\(levelText)' must be one of trace, debug, info, notice, warning, error, critical")
        }
        let formatText = text("log.format") ?? "text"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ConfigurationError("log.format '\(formatText)' must be text or json")
        }
        let pageSize = try positive("api.page_size", default: 1000)
        let maxPageSize = try positive("api.max_page_size", default: 10_000)
        guard pageSize <= maxPageSize else {
            throw ConfigurationError("api.page_size \(pageSize) must not exceed api.max_page_size \(maxPageSize)")
        }
        func rate(_ key: String, default value: Int) throws(ConfigurationError) -> Int {
            guard let raw = text(key) else { return value }
            guard let parsed = Int(raw), parsed >= 0 else {
                throw ConfigurationError("\(key) '\(raw)' must be a whole number, 0 (no limit) or more")
            }
            return parsed
        }
        let segmentBytes = try positive("hj212.max_segment_bytes", default: 1024)
        guard (100...9999).contains(segmentBytes) else {
            throw ConfigurationError("hj212.max_segment_bytes \(segmentBytes) must be from 100 to 9999 (the length field has four digits)")
        }
        return AppConfig(
            dataDirectory: directory, database: database,
            http: try address("http.address", default: HostAndPort(host: "127.0.0.1", port: 8080)),
            hj212: try address("hj212.address", default: HostAndPort(host: "127.0.0.1", port: 9212)),
            logLevel: level, logFormat: format, profilePath: text("profile"), defaultPageSize: pageSize,
            maximumPageSize: maxPageSize, importBatchSize: try positive("import.batch_size", default: 50_000),
            writeToken: try token(), hj212MaximumConnections: try positive("hj212.max_connections", default: 20_000),
            hj212IdleTimeoutSeconds: try positive("hj212.idle_timeout", default: 900), hj212MaximumSegmentBytes: segmentBytes,
            rateLimit: try rate("api.rate_limit", default: 50), tokenRateLimit: try rate("api.token_rate_limit", default: 200),
            rateBurst: try positive("api.rate_burst", default: 200))
    }
}
