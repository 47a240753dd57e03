import Hummingbird

/// A request context that counts what its request reads (`RequestCost`).
protocol CostedRequestContext: RequestContext {
    var cost: RequestCost { get }
}
