import Foundation
import Hummingbird

/// The request context of every route: Hummingbird's basic context with JSON written the way clients read
/// it best (sorted keys, `/` and Chinese text unescaped).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
