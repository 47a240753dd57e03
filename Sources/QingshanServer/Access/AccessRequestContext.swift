import Hummingbird
import QingshanCore

/// A request context that carries who is asking, set by `AccessMiddleware` before any route runs.
protocol AccessRequestContext: RequestContext {
    var principal: Principal { get set }
}
