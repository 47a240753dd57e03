import Configuration
public import Foundation
import Logging
import QingshanCore
import QingshanStore
import SystemPackage
import Yams

extension AppConfig {
    /// What `serve` runs with where nothing is configured: the one statement of the defaults, from which the
    /// reader starts and the key table below (and docs/CONFIGURATION.md) take their values.
    public static let standard = AppConfig(rateLimit: 50, tokenRateLimit: 200)

    /// Every key Qingshan reads, with its environment variable and default, in the order of
    /// `docs/CONFIGURATION.md`.
    public static let keys: [(key: String, environment: String, defaultValue: String, meaning: String)] = [
        ("data.directory", "QINGSHAN_DATA_DIRECTORY", defaultDataDirectory, "data directory; holds the SQLite file"),
        ("database", "QINGSHAN_DATABASE", "sqlite:<data.directory>/qingshan.sqlite", "sqlite:PATH or postgres://user:password@host:port/db"),
        ("http.address", "QINGSHAN_HTTP_ADDRESS", "\(standard.http)", "HTTP listen address HOST:PORT"),
        ("hj212.address", "QINGSHAN_HJ212_ADDRESS", "\(standard.hj212)", "HJ 212 gateway listen address HOST:PORT"),
        (
            "hj212.max_connections", "QINGSHAN_HJ212_MAX_CONNECTIONS", "\(standard.hj212MaximumConnections)",
            "open logger connections; more are closed at once"
        ),
        (
            "hj212.idle_timeout", "QINGSHAN_HJ212_IDLE_TIMEOUT", "\(standard.hj212IdleTimeoutSeconds)",
            "seconds without a byte before a connection is closed"
        ),
        (
            "hj212.max_segment_bytes", "QINGSHAN_HJ212_MAX_SEGMENT_BYTES", "\(standard.hj212MaximumSegmentBytes)",
            "largest data segment accepted, 100 to 9999"
        ),
        ("log.level", "QINGSHAN_LOG_LEVEL", standard.logLevel.rawValue, "trace, debug, info, notice, warning, error, critical"),
        ("log.format", "QINGSHAN_LOG_FORMAT", standard.logFormat.rawValue, "text or json (one JSON object a line)"),
        ("profile", "QINGSHAN_PROFILE", "(built-in Bayannur profile)", "profile YAML loaded into an empty registry"),
        ("api.page_size", "QINGSHAN_API_PAGE_SIZE", "\(standard.defaultPageSize)", "items per page when a request names no limit"),
        ("api.max_page_size", "QINGSHAN_API_MAX_PAGE_SIZE", "\(standard.maximumPageSize)", "largest limit a request may ask for"),
        ("import.batch_size", "QINGSHAN_IMPORT_BATCH_SIZE", "\(standard.importBatchSize)", "observations per import transaction"),
        (
            "api.write_token", "QINGSHAN_API_WRITE_TOKEN", "(none)",
            "a city-role token (reads and writes everything) besides those of qingshan token create; keep it in the environment"
        ),
        (
            "api.rate_limit", "QINGSHAN_API_RATE_LIMIT", "\(standard.rateLimit)",
            "requests a second per address without a token; 0 turns the limit off"
        ),
        (
            "api.token_rate_limit", "QINGSHAN_API_TOKEN_RATE_LIMIT", "\(standard.tokenRateLimit)",
            "requests a second per API token; 0 turns the limit off"
        ),
        ("api.rate_burst", "QINGSHAN_API_RATE_BURST", "\(standard.rateBurst)", "requests a client may make at once before the rate applies"),
        (
            "api.public_url", "QINGSHAN_API_PUBLIC_URL", "http://<http.address>",
            "the address clients use, for links in answers (never taken from the Host header)"
        ),
        (
            "api.max_body_bytes", "QINGSHAN_API_MAX_BODY_BYTES", "\(standard.limits.maximumBodyBytes)",
            "largest request body; more is 413 body_too_large"
        ),
        ("api.max_url_bytes", "QINGSHAN_API_MAX_URL_BYTES", "\(standard.limits.maximumURLBytes)", "longest request target; more is 414 uri_too_long"),
        (
            "api.max_header_bytes", "QINGSHAN_API_MAX_HEADER_BYTES", "\(standard.limits.maximumHeaderBytes)",
            "largest header fields in all; more is 431 headers_too_large"
        ),
        (
            "api.max_rows_per_request", "QINGSHAN_API_MAX_ROWS_PER_REQUEST", "\(standard.limits.maximumRowsPerRequest)",
            "rows a SensorThings request may read or render; more is 400 query_too_costly"
        ),
        (
            "api.request_time_limit", "QINGSHAN_API_REQUEST_TIME_LIMIT", "\(standard.limits.requestTimeLimitSeconds)",
            "seconds a SensorThings request may run; more is 503 query_timeout"
        ),
        (
            "http.idle_timeout", "QINGSHAN_HTTP_IDLE_TIMEOUT", "\(standard.limits.httpIdleTimeoutSeconds)",
            "seconds an HTTP connection may wait for a complete request before it is closed"
        ),
        (
            "hj212.frame_timeout", "QINGSHAN_HJ212_FRAME_TIMEOUT", "\(standard.limits.hj212FrameTimeoutSeconds)",
            "seconds from a frame's first byte to its end before the connection is closed"
        ),
        (
            "hj212.password_failures", "QINGSHAN_HJ212_PASSWORD_FAILURES", "\(standard.limits.hj212PasswordFailures)",
            "wrong device passwords on a connection before it is closed and its address backed off"
        ),
        (
            "hj212.password_backoff", "QINGSHAN_HJ212_PASSWORD_BACKOFF", "\(standard.limits.hj212PasswordBackoffSeconds)",
            "seconds an address is refused after that, doubling each time, at most 3600"
        ),
        (
            "hj212.descriptor_reserve", "QINGSHAN_HJ212_DESCRIPTOR_RESERVE", "\(standard.limits.hj212DescriptorReserve)",
            "file descriptors kept from the gateway for HTTP and the database"
        ),
        (
            "ingest.max_future_seconds", "QINGSHAN_INGEST_MAX_FUTURE_SECONDS", "\(standard.limits.maximumFutureSeconds)",
            "how far past now a period may start; later data are refused (time_in_future)"
        ),
        (
            "alarms.aqi_level", "QINGSHAN_ALARMS_AQI_LEVEL", "\(standard.alarmRules.aqiLevel)",
            "hourly AQI level (1–6) from which an air station alarms"
        ),
        (
            "alarms.constant_hours", "QINGSHAN_ALARMS_CONSTANT_HOURS", "\(standard.alarmRules.constantHours)",
            "hours of one unchanged value that make a data-quality lead (water sources: at least 24)"
        ),
        (
            "alarms.dilution_oxygen", "QINGSHAN_ALARMS_DILUTION_OXYGEN", "\(JSONBytes.number(standard.alarmRules.dilutionOxygen))",
            "O2 % from which a running stack is a dilution lead"
        ),
        (
            "alarms.silent_minutes", "QINGSHAN_ALARMS_SILENT_MINUTES", "\(standard.alarmRules.silentMinutes)",
            "minutes without a frame after which a logger that was seen alarms"
        ),
        (
            "alarms.transmission_percent", "QINGSHAN_ALARMS_TRANSMISSION_PERCENT", "\(JSONBytes.number(standard.alarmRules.transmissionPercent))",
            "有效传输率 % of a day below which a source's factor alarms"
        ),
        ("alarms.disabled", "QINGSHAN_ALARMS_DISABLED", "(none)", "checks turned off, comma-separated (e.g. dilution,constant)"),
        ("alarms.webhook_url", "QINGSHAN_ALARMS_WEBHOOK_URL", "(none)", "http://host:port/path that receives every alarm notification"),
        (
            "alarms.webhook_secret", "QINGSHAN_ALARMS_WEBHOOK_SECRET", "(none)",
            "key of the notifications' HMAC-SHA256 signature, at least 16 characters; keep it in the environment"
        ),
        ("auth.bcrypt_cost", "QINGSHAN_AUTH_BCRYPT_COST", "\(standard.auth.bcryptCost)", "bcrypt cost of password hashes, 10 to 16"),
        ("auth.session_hours", "QINGSHAN_AUTH_SESSION_HOURS", "\(standard.auth.sessionHours)", "hours a console sign-in lasts at most"),
        (
            "auth.idle_minutes", "QINGSHAN_AUTH_IDLE_MINUTES", "\(standard.auth.idleMinutes)",
            "minutes without a request after which a console session ends"
        ),
        (
            "auth.lockout_failures", "QINGSHAN_AUTH_LOCKOUT_FAILURES", "\(standard.auth.lockoutFailures)",
            "wrong passwords in a row before an account is locked (1 min, doubling to 1 h)"
        ),
        (
            "auth.secure_cookies", "QINGSHAN_AUTH_SECURE_COOKIES", "\(standard.auth.secureCookies)",
            "mark the session cookie Secure (true behind an HTTPS proxy; on by itself with http.tls_*)"
        ),
        ("http.tls_certificate", "QINGSHAN_HTTP_TLS_CERTIFICATE", "(none)", "PEM certificate chain: serve HTTPS instead of HTTP"),
        ("http.tls_key", "QINGSHAN_HTTP_TLS_KEY", "(none)", "PEM private key of http.tls_certificate"),
        ("hj212.tls_certificate", "QINGSHAN_HJ212_TLS_CERTIFICATE", "(none)", "PEM certificate chain: TLS on the HJ 212 port"),
        ("hj212.tls_key", "QINGSHAN_HJ212_TLS_KEY", "(none)", "PEM private key of hj212.tls_certificate"),
        (
            "security.secret_key", "QINGSHAN_SECURITY_SECRET_KEY", "(<data.directory>/secret.key)",
            "32 bytes in base64 that seal device passwords and SM4 keys; keep it in the environment"
        ),
        (
            "api.cors_origins", "QINGSHAN_API_CORS_ORIGINS", "(none)",
            "origins (https://host) allowed to read the open-data routes from browsers, comma-separated; * for any"
        ),
    ]

    /// Values given as command-line flags; they take precedence over everything else.
    public struct Overrides: Sendable {
        public var values: [String: String]

        public init(
            database: String? = nil, http: String? = nil, hj212: String? = nil, dataDirectory: String? = nil,
            logLevel: String? = nil
        ) {
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
                values: Dictionary(
                    uniqueKeysWithValues: overrides.values.map {
                        (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue(.string($0.value), isSecret: false))
                    })),
            KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: environment)) { key in
                key.prepending(["qingshan"])
            },
        ]
        if let file {
            // The file is read once: checked key by key and handed to the reader as the values it holds.
            let values = try readFile(file)
            providers.append(
                InMemoryProvider(
                    name: "file \(file)",
                    values: Dictionary(
                        uniqueKeysWithValues: values.map {
                            (
                                AbsoluteConfigKey(ConfigKey($0.key)),
                                ConfigValue(
                                    .string($0.value), isSecret: ["api.write_token", "alarms.webhook_secret", "security.secret_key"].contains($0.key))
                            )
                        })))
        }
        return try build(ConfigReader(providers: providers))
    }

    /// The file's values by dotted key. Refuses a missing file, a file that is not a YAML mapping, keys Qingshan
    /// does not know (a typo would otherwise be ignored silently) and values that are not single scalars.
    static func readFile(_ file: String) throws(ConfigurationError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError("config file \(file) does not exist or cannot be read")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError("config file \(file): not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            throw ConfigurationError("config file \(file): the top level must be a mapping of keys such as http: {address: ...}")
        }
        let known = Set(keys.map(\.key))
        var values: [String: String] = [:]
        func walk(_ mapping: Node.Mapping, prefix: String) throws(ConfigurationError) {
            for (keyNode, value) in mapping {
                let key = prefix + (keyNode.string ?? "?")
                let line = keyNode.mark.map { ":\($0.line)" } ?? ""
                if let nested = value.mapping {
                    try walk(nested, prefix: key + ".")
                } else if !known.contains(key) {
                    throw ConfigurationError(
                        "config file \(file)\(line): unknown key '\(key)'; known keys: \(keys.map(\.key).joined(separator: ", "))")
                } else if let scalar = value.scalar {
                    // YAML's null (`key:` or `key: ~`) means "not set here".
                    if !(scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null") || scalar.style != .plain {
                        values[key] = scalar.string
                    }
                } else {
                    throw ConfigurationError("config file \(file)\(line): \(key) must be a single value, not a list")
                }
            }
        }
        try walk(mapping, prefix: "")
        return values
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
        let standard = AppConfig.standard
        let levelText = text("log.level") ?? standard.logLevel.rawValue
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError("log.level '\(levelText)' must be one of trace, debug, info, notice, warning, error, critical")
        }
        let formatText = text("log.format") ?? standard.logFormat.rawValue
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ConfigurationError("log.format '\(formatText)' must be text or json")
        }
        let pageSize = try positive("api.page_size", default: standard.defaultPageSize)
        let maxPageSize = try positive("api.max_page_size", default: standard.maximumPageSize)
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
        func bounded<Number: FixedWidthInteger>(_ key: String, _ range: ClosedRange<Number>, default value: Number) throws(ConfigurationError)
            -> Number
        {
            guard let raw = text(key) else { return value }
            guard let parsed = Number(raw), range.contains(parsed) else {
                throw ConfigurationError("\(key) '\(raw)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return parsed
        }
        let segmentBytes = try positive("hj212.max_segment_bytes", default: standard.hj212MaximumSegmentBytes)
        guard (100...9999).contains(segmentBytes) else {
            throw ConfigurationError("hj212.max_segment_bytes \(segmentBytes) must be from 100 to 9999 (the length field has four digits)")
        }
        var limits = standard.limits
        limits.maximumBodyBytes = try positive("api.max_body_bytes", default: limits.maximumBodyBytes)
        limits.maximumURLBytes = try positive("api.max_url_bytes", default: limits.maximumURLBytes)
        limits.maximumHeaderBytes = try positive("api.max_header_bytes", default: limits.maximumHeaderBytes)
        limits.maximumRowsPerRequest = try positive("api.max_rows_per_request", default: limits.maximumRowsPerRequest)
        limits.requestTimeLimitSeconds = try positive("api.request_time_limit", default: limits.requestTimeLimitSeconds)
        limits.httpIdleTimeoutSeconds = try positive("http.idle_timeout", default: limits.httpIdleTimeoutSeconds)
        limits.hj212FrameTimeoutSeconds = try positive("hj212.frame_timeout", default: limits.hj212FrameTimeoutSeconds)
        limits.hj212PasswordFailures = try positive("hj212.password_failures", default: limits.hj212PasswordFailures)
        limits.hj212PasswordBackoffSeconds = try positive("hj212.password_backoff", default: limits.hj212PasswordBackoffSeconds)
        limits.hj212DescriptorReserve = try positive("hj212.descriptor_reserve", default: limits.hj212DescriptorReserve)
        limits.maximumFutureSeconds = try positive("ingest.max_future_seconds", default: limits.maximumFutureSeconds)
        guard limits.maximumHeaderBytes <= 64 * 1024, limits.maximumURLBytes <= 64 * 1024 else {
            throw ConfigurationError("api.max_header_bytes and api.max_url_bytes must be at most 65536 (the HTTP parser's own bound is 80 KiB)")
        }
        var publicURL = text("api.public_url")
        if let url = publicURL {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.contains(" "), !url.contains("?") else {
                throw ConfigurationError(
                    "api.public_url '\(url)' must be an absolute http:// or https:// address without a query, for example https://data.example.gov.cn"
                )
            }
            while publicURL?.hasSuffix("/") == true { publicURL?.removeLast() }
        }
        var config = AppConfig(
            dataDirectory: directory, database: database,
            http: try address("http.address", default: standard.http),
            hj212: try address("hj212.address", default: standard.hj212),
            logLevel: level, logFormat: format, profilePath: text("profile"), defaultPageSize: pageSize,
            maximumPageSize: maxPageSize, importBatchSize: try positive("import.batch_size", default: standard.importBatchSize),
            writeToken: try token(), hj212MaximumConnections: try positive("hj212.max_connections", default: standard.hj212MaximumConnections),
            hj212IdleTimeoutSeconds: try positive("hj212.idle_timeout", default: standard.hj212IdleTimeoutSeconds),
            hj212MaximumSegmentBytes: segmentBytes,
            rateLimit: try rate("api.rate_limit", default: standard.rateLimit),
            tokenRateLimit: try rate("api.token_rate_limit", default: standard.tokenRateLimit),
            rateBurst: try positive("api.rate_burst", default: standard.rateBurst))
        config.limits = limits
        config.publicURL = publicURL
        switch text("alarms.enabled")?.lowercased() {
        case nil, "true": break
        case "false": config.alarmPassInterval = nil
        case let other?: throw ConfigurationError("alarms.enabled '\(other)' must be true or false")
        }
        var rules = standard.alarmRules
        rules.aqiLevel = try positive("alarms.aqi_level", default: rules.aqiLevel)
        rules.constantHours = try positive("alarms.constant_hours", default: rules.constantHours)
        rules.silentMinutes = try positive("alarms.silent_minutes", default: rules.silentMinutes)
        if let raw = text("alarms.dilution_oxygen") {
            guard let value = Double(raw) else { throw ConfigurationError("alarms.dilution_oxygen '\(raw)' must be a number, e.g. 19") }
            rules.dilutionOxygen = value
        }
        if let raw = text("alarms.transmission_percent") {
            guard let value = Double(raw) else { throw ConfigurationError("alarms.transmission_percent '\(raw)' must be a number, e.g. 90") }
            rules.transmissionPercent = value
        }
        if let raw = text("alarms.disabled") {
            rules.disabled = Set(raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let problem = rules.problems().first { throw ConfigurationError("alarms: \(problem)") }
        config.auth.bcryptCost = try bounded("auth.bcrypt_cost", 10...16, default: standard.auth.bcryptCost)
        config.auth.sessionHours = try bounded("auth.session_hours", 1...720, default: standard.auth.sessionHours)
        config.auth.idleMinutes = try bounded("auth.idle_minutes", 5...10_080, default: standard.auth.idleMinutes)
        config.auth.lockoutFailures = try bounded("auth.lockout_failures", 1...100, default: standard.auth.lockoutFailures)
        switch text("auth.secure_cookies")?.lowercased() {
        case nil: break
        case "true": config.auth.secureCookies = true
        case "false": config.auth.secureCookies = false
        case let other?: throw ConfigurationError("auth.secure_cookies '\(other)' must be true or false")
        }
        for (setting, assign) in [("http", \AppConfig.httpTLS), ("hj212", \AppConfig.hj212TLS)] as [(String, WritableKeyPath<AppConfig, TLSFiles?>)] {
            switch (text("\(setting).tls_certificate"), text("\(setting).tls_key")) {
            case (nil, nil): break
            case (let certificate?, let key?):
                let files = TLSFiles(certificate: certificate, key: key)
                do {
                    _ = try files.serverConfiguration(for: setting)
                } catch let error as ConfigurationError {
                    throw error
                } catch {
                    throw ConfigurationError("\(setting).tls_certificate: \(error)")
                }
                config[keyPath: assign] = files
            default:
                throw ConfigurationError("\(setting).tls_certificate and \(setting).tls_key go together: set both or neither")
            }
        }
        if config.httpTLS != nil { config.auth.secureCookies = true }
        if let key = reader.string(forKey: "security.secret_key", isSecret: true) {
            guard (try? SecretKeyFile.parse(key, from: "security.secret_key")) != nil else {
                throw ConfigurationError("security.secret_key must hold 32 bytes in base64 (openssl rand -base64 32)")
            }
            config.secretKey = key
        }
        if let raw = text("api.cors_origins") {
            let origins = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for origin in origins where origin != "*" {
                guard origin.hasPrefix("http://") || origin.hasPrefix("https://"), !origin.dropFirst(8).contains("/") else {
                    throw ConfigurationError("api.cors_origins: '\(origin)' must be an origin such as https://data.example.gov.cn (no path)")
                }
            }
            config.corsOrigins = origins
        }
        config.alarmRules = rules
        switch (text("alarms.webhook_url"), reader.string(forKey: "alarms.webhook_secret", isSecret: true)) {
        case (nil, nil): break
        case (let url?, let secret?):
            guard let parsed = WebhookURL(parsing: url) else {
                throw ConfigurationError("alarms.webhook_url '\(url)' must be http://host[:port]/path (put a TLS proxy in front for https)")
            }
            guard secret.count >= 16 else { throw ConfigurationError("alarms.webhook_secret must be at least 16 characters") }
            config.webhook = WebhookSender.Target(name: "default", url: parsed, secret: secret)
        case (_?, nil), (nil, _?):
            throw ConfigurationError("alarms.webhook_url and alarms.webhook_secret go together: set both or neither")
        }
        return config
    }
}
