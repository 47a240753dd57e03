public import Logging
public import QingshanCore
public import QingshanStore

/// Everything `qingshan serve` and the other commands need, read once at start-up (see `AppConfig+Reader`).
public struct AppConfig: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable {
        case text
        case json
    }

    public var dataDirectory: String
    public var database: DatabaseLocation
    public var http: HostAndPort
    public var hj212: HostAndPort
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Profile file loaded into an empty registry; `nil` means the built-in Bayannur profile.
    public var profilePath: String?
    /// Items per page when a request names no `limit`, and the most a request may ask for.
    public var defaultPageSize: Int
    public var maximumPageSize: Int
    /// Observations written per transaction by importers.
    public var importBatchSize: Int
    /// A token from the configuration with the city role (reads and writes everything), for deployments that
    /// hand one secret to a trusted tool; per-person tokens come from `qingshan token create`.
    public var writeToken: String?
    /// Requests a second an anonymous address may make on average (0: no limit), the same for a token, and the
    /// burst either may make at once.
    public var rateLimit: Int
    public var tokenRateLimit: Int
    public var rateBurst: Int
    /// HJ 212 gateway limits: open connections, seconds of silence before a connection is closed, and the
    /// largest data segment (also the most junk a connection may send before it is refused).
    public var hj212MaximumConnections: Int
    public var hj212IdleTimeoutSeconds: Int
    public var hj212MaximumSegmentBytes: Int
    /// Limits on one HTTP request and connection, and on the HJ 212 side beyond the above (see `RequestLimits`).
    public var limits = RequestLimits()
    /// The address clients reach the server by (`https://data.example.gov.cn`), for the links in answers;
    /// `nil`: `http://` and `http.address`. A request's own `Host` header is never copied into a link.
    public var publicURL: String?
    /// The alarm rules' thresholds for every site (a site's attributes may override them).
    public var alarmRules = AlarmRules()
    /// Where alarm notifications are POSTed; nil: nowhere.
    public var webhook: WebhookSender.Target?
    /// How often the alarm engine looks for committed hours to judge; nil runs no engine in the application
    /// (tests that call its passes themselves). Not a configuration key.
    public var alarmPassInterval: Duration? = .seconds(2)
    /// Console sign-in: bcrypt cost, session lifetimes, lockouts (`auth.*`).
    public var auth = AuthSettings()
    /// HTTPS instead of HTTP (`http.tls_certificate`, `http.tls_key`); session cookies are then Secure.
    public var httpTLS: TLSFiles?
    /// TLS on the HJ 212 port, for loggers that speak it (`hj212.tls_certificate`, `hj212.tls_key`).
    public var hj212TLS: TLSFiles?
    /// The key device secrets are sealed with (`security.secret_key`); nil for `<data.directory>/secret.key`.
    public var secretKey: String?
    /// Origins allowed to read the open-data routes from a browser (`api.cors_origins`); none by default.
    public var corsOrigins: [String] = []

    public init(
        dataDirectory: String = AppConfig.defaultDataDirectory, database: DatabaseLocation? = nil,
        http: HostAndPort = HostAndPort(host: "127.0.0.1", port: 8080),
        hj212: HostAndPort = HostAndPort(host: "127.0.0.1", port: 9212), logLevel: Logger.Level = .info,
        logFormat: LogFormat = .text, profilePath: String? = nil, defaultPageSize: Int = 1000,
        maximumPageSize: Int = 10_000, importBatchSize: Int = 50_000, writeToken: String? = nil,
        hj212MaximumConnections: Int = 20_000, hj212IdleTimeoutSeconds: Int = 900, hj212MaximumSegmentBytes: Int = 1024,
        rateLimit: Int = 0, tokenRateLimit: Int = 0, rateBurst: Int = 200
    ) {
        self.rateLimit = rateLimit
        self.tokenRateLimit = tokenRateLimit
        self.rateBurst = rateBurst
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: Self.defaultDatabasePath(in: dataDirectory))
        self.http = http
        self.hj212 = hj212
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.profilePath = profilePath
        self.defaultPageSize = defaultPageSize
        self.maximumPageSize = maximumPageSize
        self.importBatchSize = importBatchSize
        self.writeToken = writeToken
        self.hj212MaximumConnections = hj212MaximumConnections
        self.hj212IdleTimeoutSeconds = hj212IdleTimeoutSeconds
        self.hj212MaximumSegmentBytes = hj212MaximumSegmentBytes
    }

    public static let defaultDataDirectory = "./qingshan-data"

    public static func defaultDatabasePath(in directory: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + "qingshan.sqlite"
    }
}
