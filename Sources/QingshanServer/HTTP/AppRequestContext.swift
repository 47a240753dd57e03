public import Foundation
public import Hummingbird
public import NIOCore
public import QingshanCore
public import QingshanStore

/// The request context of every route: Hummingbird's basic context with JSON written the way clients read
/// it best (sorted keys, `/` and Chinese text unescaped).
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext, AccessRequestContext, CostedRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address, for per-address rate limits.
    public let remoteAddress: SocketAddress?
    /// Who is asking; set by `AccessMiddleware` from the `Authorization` header.
    public var principal: Principal = .anonymous
    public var session: SessionRecord?
    public var clientAddress: String? { remoteAddress?.ipAddress }
    /// Rows the request reads, charged to its client's rate limit.
    let cost = RequestCost()

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
