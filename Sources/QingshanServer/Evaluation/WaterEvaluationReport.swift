public import QingshanCore
public import QingshanStore

/// A surface-water assessment of one section or a region's sections over whole days, from the stored hourly
/// and daily values: each section's class, target attainment, and the shares of the whole (JSON for the API and
/// `qingshan evaluate water`).
public struct WaterEvaluationReport: Sendable {
    public var code: String
    public var name: String
    public var first: CivilDateTime
    public var last: CivilDateTime
    public var sections: [(site: Site, section: SurfaceWaterAssessment.Section)]
    public var summary: SurfaceWaterAssessment.Summary

    public static func make(
        store: any PlatformStore, scope: AirEvaluationReport.Scope, first: CivilDateTime, last: CivilDateTime
    ) async throws(EvaluationError) -> WaterEvaluationReport {
        let from = first.timestamp
        let to = last.timestamp.adding(milliseconds: Timestamp.millisecondsPerDay)
        guard from < to,
            to.millisecondsSinceEpoch - from.millisecondsSinceEpoch <= Int64(AirEvaluationReport.maximumDays) * Timestamp.millisecondsPerDay
        else {
            throw .badRange(
                "from \(first.dateText) to \(last.dateText): the first day must not be after the last, and at most \(AirEvaluationReport.maximumDays) days"
            )
        }
        do {
            let (code, name, sites) = try await resolve(scope, store: store)
            var sections: [(Site, SurfaceWaterAssessment.Section)] = []
            for site in sites {
                var samples: [GB3838.Item: [ExactDecimal]] = [:]
                for item in GB3838.Item.allCases {
                    guard let (parameter, shift) = item.catalogueCode else { continue }
                    for interval in [ObservationInterval.hour, .day] {
                        for point in try await store.values(siteCode: site.code, parameterCode: parameter, interval: interval, from: from, to: to)
                        where RollupRules.isValid(flag: point.flag) {
                            guard var value = ExactDecimal(point.value) else { continue }
                            value.scale += shift
                            samples[item, default: []].append(value)
                        }
                    }
                }
                let waterbody = GB3838.Waterbody(rawValue: site.attributes["waterbody"] ?? "") ?? .river
                let target = site.attributes["target_class"].flatMap { GB3838.WaterClass(name: $0) }
                sections.append((site, SurfaceWaterAssessment.section(code: site.code, waterbody: waterbody, target: target, samples: samples)))
            }
            return WaterEvaluationReport(
                code: code, name: name, first: first, last: last, sections: sections,
                summary: SurfaceWaterAssessment.summary(sections.map(\.1)))
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .store("\(error)")
        }
    }

    static func resolve(_ scope: AirEvaluationReport.Scope, store: any PlatformStore) async throws -> (code: String, name: String, sites: [Site]) {
        switch scope {
        case .site(let code):
            guard let site = try await store.site(code: code) else {
                throw EvaluationError.notFound("no site with code '\(code)'; list them with GET /api/v1/sites")
            }
            guard site.kind == .surfaceWater else {
                throw EvaluationError.notFound("site '\(code)' is a \(site.kind.rawValue) site, not a surface-water section")
            }
            return (code, site.nameZh, [site])
        case .region(let code):
            guard let region = try await store.regions().first(where: { $0.code == code }) else {
                throw EvaluationError.notFound("no region with code '\(code)'; list them with GET /api/v1/regions")
            }
            let sites = try await store.sites(SiteFilter(kind: .surfaceWater, regionCode: code))
            guard !sites.isEmpty else { throw EvaluationError.notFound("region '\(code)' (\(region.nameZh)) has no surface-water section") }
            return (code, region.nameZh, sites)
        case .sites(let code, let name, let codes):
            var sites: [Site] = []
            for site in codes { if let found = try await store.site(code: site), found.kind == .surfaceWater { sites.append(found) } }
            guard !sites.isEmpty else { throw EvaluationError.notFound("\(name): no surface-water section to assess") }
            return (code, name, sites)
        }
    }
}
