import Synchronization

/// The base of the absolute links the server writes: `api.public_url`, or else `http://` and the address the
/// server actually listens on (known only once it listens: port 0 picks one). Never the request's `Host`.
final class LinkBase: Sendable {
    private let value: Mutex<String>
    let configured: Bool

    init(publicURL: String?, listening address: HostAndPort) {
        configured = publicURL != nil
        value = Mutex(publicURL ?? "http://\(address.host):\(address.port)")
    }

    var url: String { value.withLock { $0 } }

    /// The server listens on `port`: links follow, unless a public URL was configured.
    func listening(host: String, port: Int) {
        guard !configured else { return }
        value.withLock { $0 = "http://\(host):\(port)" }
    }
}
