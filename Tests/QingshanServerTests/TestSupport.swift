import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanServer
import QingshanStore
import Testing

enum Fixture {
    /// A fixture from the test bundle; `name` may name a subfolder (`console/overview.html`).
    static func path(_ name: String) -> String {
        let url = URL(fileURLWithPath: name)
        let folder = name.contains("/") ? "Fixtures/" + url.deletingLastPathComponent().relativePath : "Fixtures"
        guard
            let found = Bundle.module.url(
                forResource: url.deletingPathExtension().lastPathComponent, withExtension: url.pathExtension, subdirectory: folder)
        else { fatalError("fixture \(name) is missing from Tests/QingshanServerTests/Fixtures") }
        return found.path
    }

    /// The fixture's place in the source tree (where a snapshot is rewritten).
    static func sourcePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static func temporaryDirectory() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qingshan-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }
}

/// A real store in a new SQLite file with the Bayannur profile loaded, as `serve` prepares it.
func withPreparedStore<T: Sendable>(
    config: AppConfig = AppConfig(dataDirectory: Fixture.temporaryDirectory()), _ body: @Sendable (SQLStore, AppConfig) async throws -> T
) async throws -> T {
    try await SQLStore.withStore(config.database) { store in
        try await StoreBootstrap.prepare(store, config: config, logger: Logger(label: "test"))
        return try await body(store, config)
    }
}

/// The real application on a prepared store, driven without sockets.
func withApp(
    config: AppConfig = AppConfig(dataDirectory: Fixture.temporaryDirectory()),
    prepare: @escaping @Sendable (SQLStore) async throws -> Void = { _ in },
    _ test: @escaping @Sendable (any TestClientProtocol, SQLStore) async throws -> Void
) async throws {
    // Tests drive the alarm engine's passes themselves (AlarmAPITests); one running beside would race them.
    var config = config
    config.alarmPassInterval = nil
    // bcrypt at the lowest cost: the tests are of the rules, not of the hash's slowness.
    config.auth.bcryptCost = 4
    try await withPreparedStore(config: config) { store, config in
        try await prepare(store)
        let app = try await buildApplication(config: config, store: store)
        try await app.test(.router) { client in try await test(client, store) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }
}

/// An active exceedance alarm on the unpublished outlet E07-G1 (乌拉特前旗, enterprise E07): SO2 at 600 and
/// 610 mg/m³ against the profile's stand-in permit (GB 16297 表2, 550), judged by the engine. Returns its id.
func raiseOutletAlarm(_ store: SQLStore) async throws -> Int64 {
    let values = [(10, 600.0), (11, 610.0)].map { hour, value in
        Observation(
            siteCode: "E07-G1", parameterCode: "a21026", interval: .hour,
            periodStart: CivilDateTime(year: 2026, month: 3, day: 2, hour: hour).timestamp, value: value, source: "test")
    }
    _ = try await store.write(values)
    try await AlarmEngine(store: store, catalogue: .standard, logger: Logger(label: "test")).pass()
    return try #require(try await store.alarms(AlarmFilter(siteCodes: ["E07-G1"])).first { $0.status == .active }).id
}
