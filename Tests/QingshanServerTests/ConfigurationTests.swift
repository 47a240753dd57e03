import Foundation
import Logging
import QingshanCore
import QingshanServer
import QingshanStore
import Testing

@Suite struct ConfigurationTests {
    static func file(_ text: String) throws -> String {
        let path = Fixture.temporaryDirectory() + "/qingshan.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsNeedNoConfiguration() async throws {
        let config = try await AppConfig.load(file: nil, environment: [:])
        #expect(config.database == .sqlite(path: "./qingshan-data/qingshan.sqlite"))
        #expect(config.http == HostAndPort(host: "127.0.0.1", port: 8080))
        #expect(config.hj212 == HostAndPort(host: "127.0.0.1", port: 9212))
        #expect(config.logLevel == .info)
        #expect(config.writeToken == nil)
        #expect(config.hj212MaximumConnections == 20_000)
        #expect(config.hj212IdleTimeoutSeconds == 900)
        #expect(config.hj212MaximumSegmentBytes == 1024)
    }

    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() async throws {
        let path = try Self.file(
            """
            http:
              address: 127.0.0.1:7001
            hj212:
              address: 0.0.0.0:7002
            log:
              level: debug
            data:
              directory: /tmp/from-file
            """)
        let fromFile = try await AppConfig.load(file: path, environment: [:])
        #expect(fromFile.http.port == 7001)
        #expect(fromFile.hj212 == HostAndPort(host: "0.0.0.0", port: 7002))
        #expect(fromFile.logLevel == .debug)
        #expect(fromFile.database == .sqlite(path: "/tmp/from-file/qingshan.sqlite"))
        let environment = ["QINGSHAN_HTTP_ADDRESS": "127.0.0.1:7101", "QINGSHAN_LOG_LEVEL": "warning"]
        let fromEnvironment = try await AppConfig.load(file: path, environment: environment)
        #expect(fromEnvironment.http.port == 7101)
        #expect(fromEnvironment.logLevel == .warning)
        #expect(fromEnvironment.hj212.port == 7002)
        let fromFlags = try await AppConfig.load(
            file: path, overrides: AppConfig.Overrides(database: "postgres://u@h/d", http: "[::1]:7201"), environment: environment)
        #expect(fromFlags.http == HostAndPort(host: "::1", port: 7201))
        #expect(fromFlags.logLevel == .warning)
        #expect(fromFlags.database == .postgres(.init(host: "h", username: "u", database: "d")))
    }

    @Test(arguments: [
        ("http:\n  address: localhost\n", "http.address 'localhost' must be HOST:PORT"),
        ("hj212:\n  address: 127.0.0.1:70000\n", "hj212.address '127.0.0.1:70000' must be HOST:PORT"),
        ("database: mysql://x\n", "must start with sqlite: or postgres://"),
        ("log:\n  level: loud\n", "log.level 'loud' must be one of"),
        ("log:\n  format: xml\n", "log.format 'xml' must be text or json"),
        ("api:\n  page_size: 0\n", "api.page_size '0' must be a whole number above 0"),
        ("api:\n  page_size: 500\n  max_page_size: 100\n", "must not exceed api.max_page_size"),
        ("htp:\n  address: 127.0.0.1:1\n", "unknown key 'htp.address'"),
        ("- just\n- a list\n", "the top level must be a mapping"),
        ("http: [unclosed\n", "not valid YAML"),
        ("api:\n  write_token: short\n", "api.write_token must be at least 16 characters"),
        ("hj212:\n  max_segment_bytes: 20000\n", "hj212.max_segment_bytes 20000 must be from 100 to 9999"),
        ("hj212:\n  idle_timeout: -5\n", "hj212.idle_timeout '-5' must be a whole number above 0"),
    ])
    func badFilesGiveOneLineReasons(text: String, reason: String) async throws {
        let path = try Self.file(text)
        await #expect {
            _ = try await AppConfig.load(file: path, environment: [:])
        } throws: { error in
            let description = (error as? ConfigurationError)?.description ?? ""
            return description.contains(reason) && !description.contains("\n")
        }
    }

    @Test func aMissingFileIsAnError() async {
        await #expect {
            _ = try await AppConfig.load(file: "/no/such/qingshan.yaml", environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.description == "config file /no/such/qingshan.yaml does not exist or cannot be read"
        }
    }

    @Test func badEnvironmentValuesAreErrorsToo() async {
        await #expect {
            _ = try await AppConfig.load(file: nil, environment: ["QINGSHAN_HTTP_ADDRESS": "nowhere"])
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("http.address 'nowhere'") == true
        }
    }

    @Test func everyDocumentedKeyIsInTheConfigurationGuide() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/CONFIGURATION.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        for key in AppConfig.keys {
            #expect(text.contains("`\(key.key)`"), "docs/CONFIGURATION.md does not describe \(key.key)")
            #expect(text.contains("`\(key.environment)`"), "docs/CONFIGURATION.md does not name \(key.environment)")
        }
    }
}

@Suite struct ProfileTests {
    @Test func theBuiltInProfileHoldsBayannur() throws {
        let profile = try ProfileFile.builtIn()
        #expect(profile.problems().isEmpty)
        let districts = profile.regions.filter { $0.parentCode == "150800" }
        #expect(districts.count == 7)
        #expect(districts.allSatisfy { $0.boundaryGeoJSON?.contains("MultiPolygon") == true })
        #expect(profile.regions.first { $0.code == "150800" }?.boundaryGeoJSON != nil)
        let air = profile.sites.filter { $0.kind == .air }
        #expect(air.map(\.code) == ["2195A", "2196A"])
        #expect(air.allSatisfy { $0.regionCode == "150802" && $0.location?.approximate == false })
        let lake = try #require(profile.sites.first { $0.code == "WLSH-HX" })
        #expect(lake.location?.approximate == true)
        #expect(profile.enterprises.count == 7)
    }

    @Test func exportedYAMLReadsBackTheSame() throws {
        let profile = try ProfileFile.builtIn()
        let path = Fixture.temporaryDirectory() + "/export.yaml"
        try ProfileFile.yaml(profile).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ProfileFile.read(path: path) == profile)
    }

    @Test func brokenProfilesAreRefusedWithTheReason() throws {
        let path = Fixture.temporaryDirectory() + "/broken.yaml"
        try "name: x\nregions: []\nsites:\n  - code: A\n    nameZh: a\n    kind: lava\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try ProfileFile.read(path: path)
        } throws: { error in
            String(describing: error).contains("profile \(path): sites.[0]")
        }
    }
}
