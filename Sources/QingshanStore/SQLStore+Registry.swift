import Foundation
public import QingshanCore
import SQLKit
import Synchronization

extension SQLStore {
    public func load(_ profile: RegistryProfile) async throws {
        let problems = profile.problems()
        guard problems.isEmpty else {
            throw StoreError.invalid("profile \(profile.name): " + problems.joined(separator: "; "))
        }
        try await engine.transaction { session in
            let db = session.sql
            for region in profile.regions { try await Self.upsert(region, on: db) }
            for enterprise in profile.enterprises { try await Self.upsert(enterprise, on: db) }
            for site in profile.sites { try await Self.upsert(site, replace: true, on: db) }
            for device in profile.devices { try await Self.upsert(try sealed(device), on: db) }
            for parameter in profile.parameters { try await Self.upsert(parameter, on: db) }
        }
        try await loadPermits(profile.permits, by: "profile \(profile.name)", at: .now)
        registryChanged()
    }

    public func addMissingSites(_ sites: [Site]) async throws -> [String] {
        let known = Set(siteIDs.withLock { Array($0.keys) })
        let candidates = sites.filter { !known.contains($0.code) }
        guard !candidates.isEmpty else { return [] }
        let added = try await engine.transaction { session in
            var added: [String] = []
            for site in candidates where try await Self.upsert(site, replace: false, on: session.sql) {
                added.append(site.code)
            }
            return added
        }
        if !added.isEmpty { registryChanged() }
        return added
    }

    public func addDevices(_ devices: [Device]) async throws {
        let sites = Set(try await sites(SiteFilter()).map(\.code))
        if let orphan = devices.first(where: { !sites.contains($0.siteCode) }) {
            throw StoreError.invalid("device \(orphan.mn): site \(orphan.siteCode) is not in the registry")
        }
        try await engine.transaction { session in
            for device in devices { try await Self.upsert(try sealed(device), on: session.sql) }
        }
        registryChanged()
    }

    public func isEmpty() async throws -> Bool {
        try await engine.read { db in
            try await db.raw("SELECT count(*) AS n FROM regions").first()?.decode(column: "n", as: Int.self) == 0
        }
    }

    public func export(name: String) async throws -> RegistryProfile {
        RegistryProfile(
            name: name, regions: try await regions(), sites: try await sites(SiteFilter()),
            enterprises: try await enterprises(), devices: try await devices(), parameters: try await parameters(),
            permits: try await currentPermits())
    }

    public func removeSites(codes: [String]) async throws -> Int {
        guard !codes.isEmpty else { return 0 }
        let removed = try await engine.transaction { session in
            var observations = 0
            for code in codes {
                guard let row = try await session.sql.raw("SELECT id FROM sites WHERE code = \(bind: code)").first() else { continue }
                let id = try row.decode(column: "id", as: Int64.self)
                observations +=
                    try await session.sql.raw("SELECT count(*) AS n FROM observations WHERE site_id = \(bind: id)")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                for table in ["rollup_pending", "alarm_pending", "observation_resent", "rollups", "observations"] {
                    try await session.sql.raw("DELETE FROM \(unsafeRaw: table) WHERE site_id = \(bind: id)").run()
                }
                try await session.sql.raw("DELETE FROM devices WHERE site_code = \(bind: code)").run()
                try await session.sql.raw(
                    "DELETE FROM alarm_events WHERE alarm_id IN (SELECT id FROM alarms WHERE site_code = \(bind: code))"
                ).run()
                try await session.sql.raw("DELETE FROM alarms WHERE site_code = \(bind: code)").run()
                try await session.sql.raw("DELETE FROM sites WHERE id = \(bind: id)").run()
            }
            return observations
        }
        siteIDs.withLock { cache in for code in codes { cache[code] = nil } }
        knownSeries.withLock { state in
            let gone = Set(codes)
            state.series = state.series.filter { !gone.contains($0.siteCode) }
            state.sorted = state.sorted.filter { !gone.contains($0.siteCode) }
        }
        registryChanged()
        return removed
    }

    public func setPublished(siteCode: String, at: Timestamp?) async throws -> Bool {
        let changed = try await engine.transaction { session in
            try await session.sql.raw(
                "UPDATE sites SET published_at = \(bind: at?.millisecondsSinceEpoch) WHERE code = \(bind: siteCode) RETURNING code"
            ).first() != nil
        }
        if changed { registryChanged() }
        return changed
    }

    public var registryGeneration: Int { registryWrites.load(ordering: .acquiring) }

    func registryChanged() { registryWrites.add(1, ordering: .releasing) }

    public func regions() async throws -> [Region] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM regions ORDER BY code").all().map { row in
                Region(
                    code: try row.decode(column: "code", as: String.self),
                    nameZh: try row.decode(column: "name_zh", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String?.self),
                    parentCode: try row.decode(column: "parent_code", as: String?.self),
                    level: Region.Level(rawValue: try row.decode(column: "level", as: String.self)) ?? .district,
                    centre: try Self.point(row, "centre_longitude", "centre_latitude", "centre_approximate"),
                    boundaryGeoJSON: try row.decode(column: "boundary", as: String?.self))
            }
        }
    }

    public func sites(_ filter: SiteFilter) async throws -> [Site] {
        try await engine.read { db in
            var sql = SQLQueryString("SELECT * FROM sites WHERE 1 = 1")
            if let kind = filter.kind {
                sql.appendInterpolation(unsafeRaw: " AND kind = ")
                sql.appendInterpolation(bind: kind.rawValue)
            }
            if let region = filter.regionCode {
                sql.appendInterpolation(unsafeRaw: " AND (region_code = ")
                sql.appendInterpolation(bind: region)
                sql.appendInterpolation(unsafeRaw: " OR region_code IN (SELECT code FROM regions WHERE parent_code = ")
                sql.appendInterpolation(bind: region)
                sql.appendInterpolation(unsafeRaw: "))")
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY code")
            return try await db.raw(sql).all().map(Self.site)
        }
    }

    public func site(code: String) async throws -> Site? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM sites WHERE code = \(bind: code)").first().map(Self.site)
        }
    }

    public func enterprises() async throws -> [Enterprise] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM enterprises ORDER BY code").all().map { row in
                Enterprise(
                    code: try row.decode(column: "code", as: String.self),
                    nameZh: try row.decode(column: "name_zh", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String?.self),
                    regionCode: try row.decode(column: "region_code", as: String?.self),
                    industry: try row.decode(column: "industry", as: String?.self),
                    attributes: Self.attributes(try row.decode(column: "attributes", as: String.self)),
                    origin: RecordOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .manual)
            }
        }
    }

    public func devices() async throws -> [Device] {
        let stored = try await engine.read { db in
            try await db.raw("SELECT * FROM devices ORDER BY mn").all().map { row in
                Device(
                    mn: try row.decode(column: "mn", as: String.self),
                    siteCode: try row.decode(column: "site_code", as: String.self),
                    edition: (try row.decode(column: "edition", as: String?.self)).flatMap(HJ212Edition.init),
                    password: try row.decode(column: "password", as: String?.self),
                    sm4KeyHex: try row.decode(column: "sm4_key", as: String?.self),
                    lenientCRC: try row.decode(column: "lenient_crc", as: Int.self) != 0,
                    mode: Device.Mode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .active,
                    origin: RecordOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .manual)
            }
        }
        return try stored.map(opened)
    }

    public func parameters() async throws -> [Parameter] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM parameters ORDER BY code").all().map { row in
                Parameter(
                    code: try row.decode(column: "code", as: String.self),
                    nameZh: try row.decode(column: "name_zh", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self),
                    unit: try row.decode(column: "unit", as: String.self),
                    medium: Parameter.Medium(rawValue: try row.decode(column: "medium", as: String.self)) ?? .air,
                    aliases: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "aliases", as: String.self).utf8))) ?? [],
                    validMin: try row.decode(column: "valid_min", as: Double?.self),
                    validMax: try row.decode(column: "valid_max", as: Double?.self))
            }
        }
    }

    // MARK: - Rows

    static func site(_ row: any SQLRow) throws -> Site {
        Site(
            code: try row.decode(column: "code", as: String.self),
            nameZh: try row.decode(column: "name_zh", as: String.self),
            nameEn: try row.decode(column: "name_en", as: String?.self),
            kind: SiteKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .air,
            regionCode: try row.decode(column: "region_code", as: String?.self),
            location: try point(row, "longitude", "latitude", "location_approximate"),
            enterpriseCode: try row.decode(column: "enterprise_code", as: String?.self),
            attributes: attributes(try row.decode(column: "attributes", as: String.self)),
            origin: RecordOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .manual,
            publishedAt: try row.decode(column: "published_at", as: Int64?.self).map { Timestamp(millisecondsSinceEpoch: $0) })
    }

    static func point(_ row: any SQLRow, _ longitude: String, _ latitude: String, _ approximate: String) throws -> GeoPoint? {
        guard let lon = try row.decode(column: longitude, as: Double?.self),
            let lat = try row.decode(column: latitude, as: Double?.self)
        else { return nil }
        return GeoPoint(longitude: lon, latitude: lat, approximate: try row.decode(column: approximate, as: Int.self) != 0)
    }

    static func attributes(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: - Upserts (portable: ON CONFLICT … DO UPDATE works in SQLite ≥ 3.24 and PostgreSQL)

    static func upsert(_ region: Region, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO regions (code, name_zh, name_en, parent_code, level, centre_longitude, centre_latitude,
              centre_approximate, boundary)
            VALUES (\(bind: region.code), \(bind: region.nameZh), \(bind: region.nameEn), \(bind: region.parentCode),
              \(bind: region.level.rawValue), \(bind: region.centre?.longitude), \(bind: region.centre?.latitude),
              \(bind: region.centre?.approximate == true ? 1 : 0), \(bind: region.boundaryGeoJSON))
            ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
              parent_code = excluded.parent_code, level = excluded.level, centre_longitude = excluded.centre_longitude,
              centre_latitude = excluded.centre_latitude, centre_approximate = excluded.centre_approximate,
              boundary = excluded.boundary
            """
        ).run()
    }

    static func upsert(_ enterprise: Enterprise, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO enterprises (code, name_zh, name_en, region_code, industry, attributes, origin)
            VALUES (\(bind: enterprise.code), \(bind: enterprise.nameZh), \(bind: enterprise.nameEn),
              \(bind: enterprise.regionCode), \(bind: enterprise.industry), \(bind: json(enterprise.attributes)),
              \(bind: enterprise.origin.rawValue))
            ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
              region_code = excluded.region_code, industry = excluded.industry, attributes = excluded.attributes,
              origin = excluded.origin
            """
        ).run()
    }

    /// Returns whether a row was written (always, when replacing; only for new codes otherwise).
    @discardableResult
    static func upsert(_ site: Site, replace: Bool, on db: any SQLDatabase) async throws -> Bool {
        let conflict =
            replace
            ? """
            DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
              region_code = excluded.region_code, longitude = excluded.longitude, latitude = excluded.latitude,
              location_approximate = excluded.location_approximate, enterprise_code = excluded.enterprise_code,
              attributes = excluded.attributes, origin = excluded.origin, published_at = COALESCE(excluded.published_at, sites.published_at)
            """ : "DO NOTHING"
        var sql = SQLQueryString(
            """
            INSERT INTO sites (code, name_zh, name_en, kind, region_code, longitude, latitude, location_approximate,
              enterprise_code, attributes, origin, published_at)
            VALUES (\(bind: site.code), \(bind: site.nameZh), \(bind: site.nameEn), \(bind: site.kind.rawValue),
              \(bind: site.regionCode), \(bind: site.location?.longitude), \(bind: site.location?.latitude),
              \(bind: site.location?.approximate == true ? 1 : 0), \(bind: site.enterpriseCode),
              \(bind: json(site.attributes)), \(bind: site.origin.rawValue), \(bind: site.publishedAt?.millisecondsSinceEpoch))
            ON CONFLICT (code)
            """)
        sql.appendInterpolation(unsafeRaw: " " + conflict + " RETURNING code")
        return try await db.raw(sql).first() != nil
    }

    static func upsert(_ device: Device, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO devices (mn, site_code, edition, password, sm4_key, lenient_crc, mode, origin)
            VALUES (\(bind: device.mn), \(bind: device.siteCode), \(bind: device.edition?.rawValue),
              \(bind: device.password), \(bind: device.sm4KeyHex), \(bind: device.lenientCRC ? 1 : 0),
              \(bind: device.mode.rawValue), \(bind: device.origin.rawValue))
            ON CONFLICT (mn) DO UPDATE SET site_code = excluded.site_code, edition = excluded.edition,
              password = excluded.password, sm4_key = excluded.sm4_key, lenient_crc = excluded.lenient_crc,
              mode = excluded.mode, origin = excluded.origin
            """
        ).run()
    }

    static func upsert(_ parameter: Parameter, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO parameters (code, name_zh, name_en, unit, medium, aliases, valid_min, valid_max)
            VALUES (\(bind: parameter.code), \(bind: parameter.nameZh), \(bind: parameter.nameEn),
              \(bind: parameter.unit), \(bind: parameter.medium.rawValue), \(bind: json(parameter.aliases)),
              \(bind: parameter.validMin), \(bind: parameter.validMax))
            ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
              unit = excluded.unit, medium = excluded.medium, aliases = excluded.aliases,
              valid_min = excluded.valid_min, valid_max = excluded.valid_max
            """
        ).run()
    }
}
