/// What one client may cost the server, each with a configuration key (docs/CONFIGURATION.md) and a problem
/// `code` when it is exceeded. Defaults suit a city's open-data endpoint on the internet.
public struct RequestLimits: Sendable, Hashable {
    /// `api.max_body_bytes`: a larger request body is refused with 413 `body_too_large` before it is read.
    public var maximumBodyBytes = 2 << 20
    /// `api.max_url_bytes`: a longer request target is refused with 414 `uri_too_long`.
    public var maximumURLBytes = 8 * 1024
    /// `api.max_header_bytes`: larger header fields in all are refused with 431 `headers_too_large`.
    public var maximumHeaderBytes = 16 * 1024
    /// `api.max_rows_per_request`: rows a SensorThings request may read or render (`query_too_costly`). A row
    /// held for an in-memory sort costs about 1.5 KB, so this also bounds such a request's memory (~150 MB).
    public var maximumRowsPerRequest = 100_000
    /// `api.request_time_limit`: seconds a SensorThings request may run (`query_timeout`).
    public var requestTimeLimitSeconds = 10
    /// `http.idle_timeout`: seconds an HTTP connection may sit without a complete request before it is closed.
    public var httpIdleTimeoutSeconds = 60
    /// `hj212.frame_timeout`: seconds from the first byte of a frame to its end; a logger trickling bytes is
    /// disconnected instead of holding a descriptor for the whole idle timeout.
    public var hj212FrameTimeoutSeconds = 60
    /// `hj212.password_failures`: wrong access passwords on one connection before it is closed; the address
    /// is then refused for a back-off that doubles with each further closure (`hj212.password_backoff` seconds
    /// at first, at most an hour).
    public var hj212PasswordFailures = 3
    public var hj212PasswordBackoffSeconds = 10
    /// `hj212.descriptor_reserve`: file descriptors kept back from the gateway for HTTP, the database and logs;
    /// the gateway's connection cap is at most the process's descriptor limit less this reserve.
    public var hj212DescriptorReserve = 512
    /// `ingest.max_future_seconds`: how far past the present a period may start and still be stored (clock
    /// drift of loggers and clients); later data are refused, never stored or shown as current.
    public var maximumFutureSeconds = 600

    public init() {}
}
