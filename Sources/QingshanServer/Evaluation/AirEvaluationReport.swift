public import QingshanCore
public import QingshanStore

/// An HJ 663 evaluation of one site or one region's air stations over whole days, read from the store,
/// with its JSON and Markdown forms (the CLI and the API print the same report).
public struct AirEvaluationReport: Sendable {
    public enum Scope: Sendable, Hashable {
        case site(String)
        case region(String)
        /// A chosen set of sites (a city's assessment stations or assessed sections), named as a whole.
        case sites(code: String, name: String, codes: [String])

        var code: String {
            switch self {
            case .site(let code), .region(let code), .sites(let code, _, _): code
            }
        }
    }

    public var scopeKind: String
    public var code: String
    public var name: String
    public var stations: [String]
    public var evaluation: AirQualityEvaluation
    public var lastDay: CivilDateTime

    /// At most ten years in one evaluation.
    public static let maximumDays = 3_660

    public static func make(
        store: any PlatformStore, scope: Scope, first: CivilDateTime, last: CivilDateTime, limits: GB3095Edition? = nil,
        oneHourO3Enters: Bool = false
    ) async throws(EvaluationError) -> AirEvaluationReport {
        let dayCount = Int((last.timestamp.millisecondsSinceEpoch - first.timestamp.millisecondsSinceEpoch) / Timestamp.millisecondsPerDay) + 1
        guard dayCount >= 1, dayCount <= maximumDays else {
            throw EvaluationError.badRange(
                "from \(first.dateText) to \(last.dateText): the first day must not be after the last, and at most \(maximumDays) days")
        }
        do {
            let (kind, name, stations) = try await resolve(scope, store: store)
            let code = scope.code
            let rollup = try await AirDailyRollup.load(store: store, siteCodes: stations, first: first, dayCount: dayCount)
            let evaluation = AirQualityEvaluation(
                days: rollup.days, hourly: rollup.hourly, limitsEdition: limits ?? GB3095Edition.inForce(at: first.timestamp),
                oneHourO3Enters: oneHourO3Enters)
            return AirEvaluationReport(scopeKind: kind, code: code, name: name, stations: stations, evaluation: evaluation, lastDay: last)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError.store("\(error)")
        }
    }

    static func resolve(_ scope: Scope, store: any PlatformStore) async throws -> (kind: String, name: String, stations: [String]) {
        switch scope {
        case .site(let code):
            guard let site = try await store.site(code: code) else {
                throw EvaluationError.notFound("no site with code '\(code)'; list them with GET /api/v1/sites")
            }
            guard site.kind == .air else { throw EvaluationError.notFound("site '\(code)' is a \(site.kind.rawValue) site, not an air station") }
            return ("site", site.nameZh, [code])
        case .region(let code):
            guard let region = try await store.regions().first(where: { $0.code == code }) else {
                throw EvaluationError.notFound("no region with code '\(code)'; list them with GET /api/v1/regions")
            }
            let stations = try await store.sites(SiteFilter(kind: .air, regionCode: code)).map(\.code)
            guard !stations.isEmpty else { throw EvaluationError.notFound("region '\(code)' (\(region.nameZh)) has no air station") }
            return ("region", region.nameZh, stations)
        case .sites(_, let name, let codes):
            guard !codes.isEmpty else { throw EvaluationError.notFound("\(name): no station to evaluate") }
            return ("stations", name, codes)
        }
    }
}

/// Why an evaluation could not be made.
public enum EvaluationError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case badRange(String)
    case store(String)

    public var description: String {
        switch self {
        case .notFound(let message), .badRange(let message): message
        case .store(let message): "the store could not be read: \(message)"
        }
    }
}
