import Foundation
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanServer

/// The real executable, as an operator runs it.
@Suite(.serialized) struct ProcessTests {
    @Test func configCheckExitsTwoWithOneLine() async throws {
        let directory = Fixture.temporaryDirectory()
        let good = directory + "/good.yaml"
        try "http:\n  address: 127.0.0.1:8081\n".write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try await RunningProcess.run(["config", "check", good])
        #expect(ok.status == 0)
        #expect(ok.output.contains("http 127.0.0.1:8081"))
        let bad = directory + "/bad.yaml"
        try "http:\n  address: 8080\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try await RunningProcess.run(["config", "check", bad])
        #expect(refused.status == 2)
        #expect(refused.output == "qingshan: configuration: http.address '8080' must be HOST:PORT, for example 127.0.0.1:8080\n")
        let serve = try await RunningProcess.run(["serve", "--http", "nowhere"], directory: directory)
        #expect(serve.status == 2)
        #expect(serve.output.hasPrefix("qingshan: configuration: http.address 'nowhere'"))
    }

    @Test func serveStartsWithNoConfigurationAndStopsOnSIGTERM() async throws {
        let directory = Fixture.temporaryDirectory()
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: directory)
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let health = try await HTTP.get("http://127.0.0.1:\(port)/healthz")
        #expect(health.status == 200)
        let sites = try await HTTP.get("http://127.0.0.1:\(port)/api/v1/sites/2195A")
        #expect(sites.body.contains("附二中"))
        // The zero-configuration data directory and database were created where it started.
        #expect(FileManager.default.fileExists(atPath: directory + "/qingshan-data/qingshan.sqlite"))
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
    }

    /// Ctrl-C stops serve as SIGTERM does: gracefully, exit 0.
    @Test func serveStopsOnSIGINT() async throws {
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: Fixture.temporaryDirectory())
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        #expect(try await HTTP.get("http://127.0.0.1:\(port)/healthz").status == 200)
        serve.signal(SIGINT)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
    }

    /// A second serve on an address in use says so and exits 1 (it once crashed closing its store from a
    /// cancelled task).
    @Test func addressInUseFailsClearly() async throws {
        let first = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: Fixture.temporaryDirectory())
        let port = try await first.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let second = try await RunningProcess.run(
            ["serve", "--http", "127.0.0.1:\(port)", "--hj212", "127.0.0.1:0"], directory: Fixture.temporaryDirectory())
        #expect(second.status == 1)
        #expect(second.output.contains("an address is already in use (HTTP 127.0.0.1:\(port)"))
        #expect(!second.output.contains("error"))
        first.signal(SIGTERM)
        #expect(try await first.exitStatus(timeout: .seconds(15)) == 0)
    }

    @Test func unreachablePostgresAndBadFilesFailClearly() async throws {
        let directory = Fixture.temporaryDirectory()
        let postgres = try await RunningProcess.run(["serve", "--database", "postgres://qingshan@127.0.0.1:1/qingshan"], directory: directory)
        #expect(postgres.status == 1)
        #expect(postgres.output.contains("cannot reach PostgreSQL at 127.0.0.1:1"))
        let missing = try await RunningProcess.run(["import", "prsa", "/no/such.csv"], directory: directory)
        #expect(missing.status == 1)
        #expect(missing.output.contains("/no/such.csv: no such file or not readable"))
        let foreign = try await RunningProcess.run(["import", "cnemc", Fixture.path("PRSA_Data_Dongsi_2016.csv")], directory: directory)
        #expect(foreign.status == 1)
        #expect(foreign.output.contains("not a CNEMC release file"))
        let count = try await SQLStore.withStore(.sqlite(path: directory + "/qingshan-data/qingshan.sqlite")) { try await $0.observationCount() }
        #expect(count == 0)
    }

    /// `simulate` against a served platform, then `simulate --remove`: the demo sites and all they wrote go,
    /// the profile's sites stay; a bad `--to` is refused before anything is opened.
    @Test func simulateAndRemoveTheDemo() async throws {
        let directory = Fixture.temporaryDirectory()
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: directory)
        let port = try await serve.waitFor(#"HJ 212 listening on 127\.0\.0\.1:(\d+)"#)
        let simulated = try await RunningProcess.run(
            ["simulate", "--devices", "3", "--interval", "0.2", "--duration", "2", "--to", "127.0.0.1:\(port)", "--log-level", "warning"],
            directory: directory)
        #expect(simulated.status == 0, "\(simulated.output)")
        #expect(simulated.output.contains("loggers: 3 (connected 3)"))
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
        let removed = try await RunningProcess.run(["simulate", "--remove"], directory: directory)
        #expect(removed.status == 0, "\(removed.output)")
        #expect(removed.output.contains("removed 3 demo sites"))
        let profileSites = try await SQLStore.withStore(AppConfig(dataDirectory: directory + "/qingshan-data").database) { store in
            (try await store.sites(SiteFilter()), try await store.observationCount())
        }
        #expect(profileSites.0.allSatisfy { $0.origin == .profile })
        #expect(profileSites.1 == 0)
        let refused = try await RunningProcess.run(["simulate", "--to", "nowhere"], directory: directory)
        #expect(refused.status != 0)
        #expect(refused.output.contains("--to 'nowhere' must be HOST:PORT"))
    }

    /// `serve --demo`: simulated loggers feed demo sites of their own through the real gateway, a day of hourly
    /// values first, so the demo station has an AQI; no real site gets a value; SIGTERM still exits 0.
    @Test func serveDemoFeedsDemoSitesOnly() async throws {
        let directory = Fixture.temporaryDirectory()
        let serve = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0", "--demo", "--demo-loggers", "2", "--demo-interval", "1"],
            directory: directory)
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        _ = try await serve.waitFor(#"demo: (\d+) simulated loggers"#)
        var aqi = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            aqi = try await HTTP.get("http://127.0.0.1:\(port)/api/v1/sites/SIM00001/aqi").body
            if aqi.contains(#""level""#) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(aqi.contains(#""level""#), "no hourly AQI at the demo station: \(aqi.prefix(300))")
        let page = try await HTTP.get("http://127.0.0.1:\(port)/sites/SIM00001")
        #expect(page.body.contains(#"<span class="demo">演示</span>"#))
        let overview = try await HTTP.get("http://127.0.0.1:\(port)/")
        #expect(overview.body.contains("个演示站点，数据为模拟值"))
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
        let stored = try await SQLStore.withStore(AppConfig(dataDirectory: directory + "/qingshan-data").database) { store in
            (try await store.sites(SiteFilter()), try await store.latest(siteCode: "2195A"), try await store.latest(siteCode: "SIM00001"))
        }
        #expect(stored.0.filter { $0.origin == .demo }.map(\.code).sorted() == ["SIM00001", "SIM00002"])
        #expect(stored.1.isEmpty)
        #expect(stored.2.contains { $0.interval == .hour } && stored.2.contains { $0.interval == .rtd })
    }

    @Test func registryExportAndLoadRoundTrip() async throws {
        let first = Fixture.temporaryDirectory()
        let exported = first + "/profile.yaml"
        let export = try await RunningProcess.run(["registry", "export", "--name", "bayannur", "-o", exported], directory: first)
        #expect(export.status == 0)
        let yaml = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(yaml.contains("附二中"))
        // Load it into a second store whose registry was started from another profile file.
        let second = Fixture.temporaryDirectory()
        let other = second + "/other.yaml"
        try "name: other\nregions:\n- code: '990000'\n  nameZh: 测试市\n  level: city\nsites: []\nenterprises: []\ndevices: []\nparameters: []\n"
            .write(toFile: other, atomically: true, encoding: .utf8)
        let load = try await RunningProcess.run(
            ["registry", "load", exported], environment: ["QINGSHAN_PROFILE": other], directory: second)
        #expect(load.status == 0)
        #expect(load.output.contains("loaded \(exported): 9 regions, 15 sites, 7 enterprises, 0 devices"))
        let again = try await RunningProcess.run(
            ["registry", "export", "--name", "bayannur"], environment: ["QINGSHAN_PROFILE": other], directory: second)
        // The second store holds its own city and everything from the first.
        #expect(again.output.contains("测试市"))
        #expect(again.output.contains("市环保大楼"))
        let broken = second + "/broken.yaml"
        try "name: x\nregions: [\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try await RunningProcess.run(["registry", "load", broken], directory: second)
        #expect(refused.status == 1)
        #expect(refused.output.contains("profile \(broken)"))
    }

    /// `token create` prints a token once; a live `serve` honours it; `token revoke` ends it; `registry publish`
    /// opens an outlet to everyone.
    @Test func tokensAndPublicationFromTheCommandLine() async throws {
        let directory = Fixture.temporaryDirectory()
        let refused = try await RunningProcess.run(["token", "create", "--role", "county"], directory: directory)
        #expect(refused.status == 2)
        #expect(refused.output.contains("needs --scope"))
        let created = try await RunningProcess.run(
            ["token", "create", "--role", "enterprise", "--scope", "E01", "--name", "包钢还原铁"], directory: directory)
        #expect(created.status == 0)
        let token = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("qs_") }.map(String.init))
        let id = String(token.dropFirst(3).prefix(8))
        let listed = try await RunningProcess.run(["token", "list"], directory: directory)
        #expect(listed.output.contains("\(id)\tenterprise\tE01\t包钢还原铁"))
        #expect(!listed.output.contains(token))

        // An outlet of E01, unpublished: the enterprise's token sees it, the public does not.
        let profile = directory + "/outlet.yaml"
        try """
        name: outlet
        regions:
          - {code: "150800", nameZh: 巴彦淖尔市, level: city}
          - {code: "150802", nameZh: 临河区, parentCode: "150800", level: district}
        enterprises:
          - {code: E01, nameZh: 包钢还原铁, attributes: {}, origin: profile}
        sites:
          - {code: E01-FQ01, nameZh: 1号排口, kind: source_gas, regionCode: "150802", enterpriseCode: E01, attributes: {}, origin: manual}
        devices: []
        parameters: []
        """.write(toFile: profile, atomically: true, encoding: .utf8)
        #expect(try await RunningProcess.run(["registry", "load", profile], directory: directory).status == 0)
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: directory)
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let url = "http://127.0.0.1:\(port)/api/v1/sites/E01-FQ01"
        #expect(try await HTTP.get(url).status == 404)
        #expect(try await HTTP.request(url, method: "GET", body: nil, headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(try await RunningProcess.run(["token", "revoke", id], directory: directory).status == 0)
        #expect(try await RunningProcess.run(["token", "revoke", id], directory: directory).status == 1)
        // The running server stops accepting the revoked token once its answer cache has expired (the time is the
        // event here: the server learns of a revocation by another process only by asking the database again).
        try await Task.sleep(for: .seconds(TokenAuthenticator.cacheSeconds) + .milliseconds(500))
        let revoked = try await HTTP.request(url, method: "GET", body: nil, headers: ["Authorization": "Bearer \(token)"])
        #expect(revoked.status == 401)
        #expect(revoked.body.contains("revoked") || revoked.body.contains("unauthorized"))
        #expect(try await RunningProcess.run(["registry", "publish", "E01-FQ01"], directory: directory).status == 0)
        #expect(try await HTTP.get(url).status == 200)
        #expect(try await RunningProcess.run(["registry", "publish", "NO-SUCH"], directory: directory).status == 1)
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
    }

    @Test func hj212DecodePrintsOneJSONLinePerFrame() async throws {
        let decoded = try await RunningProcess.run(["hj212", "decode", Fixture.path("alldata-2016-08-24_00-excerpt.h212")])
        #expect(decoded.status == 0)
        let lines = decoded.output.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.allSatisfy { $0 != nil })
        let objects = lines.compactMap { $0 }
        #expect(objects.filter { $0["ok"] as? Bool == true }.count == 414)
        let bad = objects.filter { $0["ok"] as? Bool == false }
        #expect(bad.count == 8)
        #expect(bad.allSatisfy { ["crc", "length", "trailer", "size", "truncated", "syntax"].contains($0["reason"] as? String ?? "") })
        let first = try #require(objects.first)
        #expect(first["edition"] as? String == "2005")
        #expect((first["header"] as? [String: String])?["MN"] == "LD130133000015")
        #expect((first["cp"] as? [String: String])?["011-Rtd"] == "231.0")
    }

    /// SIGKILL in the middle of an import, with `serve` reading the same SQLite file and killed too:
    /// nothing reported committed is lost, and a second run completes the data without duplicates.
    /// The release day's first 150 stations (37,175 values as `import cnemc` counts them) keep the re-run short
    /// on a loaded CI machine, where the whole day's 22,000 series of rollups ran past the two-minute process limit.
    @Test func killDuringImportLosesNothingCommitted() async throws {
        let directory = Fixture.temporaryDirectory()
        let database = "sqlite:\(directory)/kill.sqlite"
        let lines = try String(contentsOfFile: Fixture.path("china_sites_20170101.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        let input = "\(directory)/first-150-stations.csv"
        let columns = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3 + 150).joined(separator: ",") }
        try (columns.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let total = 37_175
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0", "--database", database], directory: directory)
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let environment = ["QINGSHAN_IMPORT_BATCH_SIZE": "2000"]
        let importer = try RunningProcess(
            ["import", "cnemc", "--database", database, input], environment: environment,
            directory: directory)
        let firstCommit = Int(try await importer.waitFor(#"committed_total=(\d+)"#)) ?? 0
        #expect(firstCommit >= 2_000)
        importer.signal(SIGKILL)
        serve.signal(SIGKILL)
        _ = try await importer.exitStatus()
        _ = try await serve.exitStatus()
        // What the importer had reported committed when it was killed: the last line, not the first.
        try await importer.waitForEndOfOutput()
        let committed = try importer.allMatches(#"committed_total=(\d+)"#).compactMap { Int($0) }.max() ?? 0
        #expect(committed >= firstCommit)

        let restarted = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0", "--database", database], directory: directory)
        let newPort = try await restarted.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        #expect(newPort != "" && port != "")
        let metrics = try await HTTP.get("http://127.0.0.1:\(newPort)/metrics")
        let stored = Int(metrics.body.firstMatch(of: /qingshan_observations_stored (\d+)/)?.output.1 ?? "") ?? -1
        #expect(stored >= committed)
        #expect(stored < total)

        let rerun = try await RunningProcess.run(
            ["import", "cnemc", "--database", database, input], environment: environment,
            directory: directory)
        #expect(rerun.status == 0)
        #expect(rerun.output.contains("values stored: \(total - stored) new, \(stored) already present"))
        let after = try await HTTP.get("http://127.0.0.1:\(newPort)/metrics")
        #expect(after.body.contains("qingshan_observations_stored \(total)"))
        restarted.signal(SIGTERM)
        #expect(try await restarted.exitStatus(timeout: .seconds(15)) == 0)
    }

    /// Two `serve` processes on one PostgreSQL database: what one accepts, the other returns.
    @Test(.enabled(if: TestDatabase.available.contains(.postgres), "QINGSHAN_TEST_SQLITE_ONLY=1 leaves the PostgreSQL cases out"))
    func twoServersShareOnePostgres() async throws {
        let database = try TestDatabase.createPostgresDatabase()
        let token = "two-servers-token-0123456789"
        // Servers sharing a database share the key that seals device secrets.
        let environment = [
            "QINGSHAN_DATABASE": database, "QINGSHAN_API_WRITE_TOKEN": token,
            "QINGSHAN_SECURITY_SECRET_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
        ]
        let first = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: Fixture.temporaryDirectory())
        let second = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: Fixture.temporaryDirectory())
        let firstPort = try await first.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let secondPort = try await second.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let body =
            #"{"parameter":"pm25","interval":"hour","items":[{"time":"2025-06-01T08:00:00+08:00","value":41},{"time":"2025-06-01T09:00:00+08:00","value":43.5}]}"#
        let written = try await HTTP.request(
            "http://127.0.0.1:\(firstPort)/api/v1/sites/2196A/observations", method: "POST", body: body,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
        #expect(written.status == 201)
        let read = try await HTTP.get("http://127.0.0.1:\(secondPort)/api/v1/sites/2196A/observations?parameter=a34004&format=csv")
        #expect(read.body == "time,value,flag\n2025-06-01T08:00:00+08:00,41,N\n2025-06-01T09:00:00+08:00,43.5,N\n")
        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(try await first.exitStatus(timeout: .seconds(15)) == 0)
        #expect(try await second.exitStatus(timeout: .seconds(15)) == 0)
    }
}
