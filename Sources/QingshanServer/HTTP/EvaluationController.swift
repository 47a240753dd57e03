public import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/evaluation/air?site=CODE|region=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD[&limits=2012|2026|2026-final]`:
/// the HJ 663 evaluation `qingshan evaluate air` prints, as JSON.
struct EvaluationController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("evaluation/air", use: air)
        group.get("evaluation/water", use: water)
    }

    /// `site=` or `region=`, and the days `from` … `to`.
    static func scopeAndDays(_ request: Request) throws -> (AirEvaluationReport.Scope, CivilDateTime, CivilDateTime) {
        let query = request.uri.queryParameters
        let scope: AirEvaluationReport.Scope
        switch (query["site"].map(String.init), query["region"].map(String.init)) {
        case (let site?, nil): scope = .site(site)
        case (nil, let region?): scope = .region(region)
        default:
            throw ProblemDetails.badRequest(code: "missing_scope", "give exactly one of site=CODE or region=CODE")
        }
        func day(_ name: String) throws -> CivilDateTime {
            guard let text = query[Substring(name)] else {
                throw ProblemDetails.badRequest(code: "missing_\(name)", "\(name)=YYYY-MM-DD is required")
            }
            guard let day = CivilDateTime(dateText: text) else {
                throw ProblemDetails.badRequest(code: "invalid_\(name)", "\(name) '\(text)' is not a date YYYY-MM-DD (Beijing time)")
            }
            return day
        }
        return (scope, try day("from"), try day("to"))
    }

    /// A site the client may not see is answered as one that does not exist.
    func requireVisible(_ scope: AirEvaluationReport.Scope, _ context: Context) async throws {
        if case .site(let code) = scope, let site = try await store.site(code: code), !context.principal.canRead(site) {
            throw Self.problem(.notFound("no site with code '\(code)'; list them with GET /api/v1/sites"))
        }
    }

    /// The problem an evaluation error answers with.
    static func problem(_ error: EvaluationError) -> any Error {
        switch error {
        case .notFound(let message): ProblemDetails.notFound(code: "scope_not_found", message)
        case .badRange(let message): ProblemDetails.badRequest(code: "invalid_range", message)
        case .store: error
        }
    }

    /// `/api/v1/evaluation/water?site=CODE|region=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD`: section classes, target
    /// attainment and the shares of sections at Ⅰ–Ⅲ and 劣Ⅴ.
    @Sendable func water(_ request: Request, context: Context) async throws -> WaterEvaluationDTO {
        let (scope, first, last) = try Self.scopeAndDays(request)
        try await requireVisible(scope, context)
        do {
            return WaterEvaluationDTO(try await WaterEvaluationReport.make(store: store, scope: scope, first: first, last: last))
        } catch {
            throw Self.problem(error)
        }
    }

    @Sendable func air(_ request: Request, context: Context) async throws -> AirEvaluationDTO {
        let query = request.uri.queryParameters
        let (scope, first, last) = try Self.scopeAndDays(request)
        try await requireVisible(scope, context)
        var limits: GB3095Edition?
        if let text = query["limits"] {
            guard let edition = GB3095Edition(rawValue: String(text)) else {
                throw ProblemDetails.badRequest(code: "invalid_limits", "limits '\(text)' must be 2012, 2026 or 2026-final")
            }
            limits = edition
        }
        do {
            return AirEvaluationDTO(try await AirEvaluationReport.make(store: store, scope: scope, first: first, last: last, limits: limits))
        } catch {
            throw Self.problem(error)
        }
    }
}

extension AirEvaluationDTO: ResponseEncodable {}
extension WaterEvaluationDTO: ResponseEncodable {}
