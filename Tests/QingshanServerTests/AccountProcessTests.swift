import Foundation
import QingshanServer
import Testing

/// People, secrets and the audit log through the real binary: the first start's one-time password, `user` and
/// `audit` commands, device secrets never in clear in the database files or the logs, a tampered audit log named
/// by `audit verify`, and `secrets rotate`.
@Suite(.serialized) struct AccountProcessTests {
    static let password = "Pw-Secret-7731"
    static let key = "Key4Secret8842x1"

    @Test func firstStartSecretsAndAuditFromTheCommandLine() async throws {
        let directory = Fixture.temporaryDirectory()
        let created = try await RunningProcess.run(["token", "create", "--role", "city", "--name", "test"], directory: directory)
        let token = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("qs_") }.map(String.init))
        let serve = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0", "--log-level", "trace"], directory: directory)
        let port = try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        // No default password: the first start made one and showed it once.
        let oneTime = try await serve.waitFor(#"一次性密码：(\S+)"#)
        #expect(oneTime.count == 16)
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let put = try await HTTP.request(
            "http://127.0.0.1:\(port)/api/v1/devices/MNSECRET01", method: "PUT",
            body: #"{"site": "2195A", "password": "\#(Self.password)", "sm4Key": "\#(Self.key)"}"#, headers: auth)
        #expect(put.status == 201, "\(put.body)")
        #expect(!put.body.contains(Self.password) && !put.body.contains(Self.key))
        let listed = try await HTTP.request("http://127.0.0.1:\(port)/api/v1/devices", method: "GET", body: nil, headers: auth)
        #expect(listed.body.contains("MNSECRET01") && !listed.body.contains(Self.password) && !listed.body.contains(Self.key))
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)

        // Neither secret is in any file of the data directory, in clear or as its hex, nor in the log.
        let data = directory + "/qingshan-data"
        let keyFile = try #require(try? FileManager.default.attributesOfItem(atPath: data + "/secret.key"))
        #expect((keyFile[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where name != "secret.key" {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: data + "/" + name))
            for secret in [Self.password, Self.key] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in clear in \(name)")
            }
        }
        #expect(!serve.text.contains(Self.password) && !serve.text.contains(Self.key))

        // People from the command line, each change in the audit log.
        let added = try await RunningProcess.run(
            ["user", "add", "wang", "--role", "county", "--scope", "150823", "--name", "王科长"], directory: directory)
        #expect(added.status == 0 && added.output.contains("must be changed at the first sign-in"))
        #expect(try await RunningProcess.run(["user", "add", "wang", "--role", "county", "--scope", "150823"], directory: directory).status == 2)
        #expect(try await RunningProcess.run(["user", "add", "li", "--role", "county", "--scope", "999999"], directory: directory).status == 2)
        #expect(try await RunningProcess.run(["user", "disable", "wang"], directory: directory).status == 0)
        let users = try await RunningProcess.run(["user", "list"], directory: directory)
        #expect(users.output.contains("admin\t管理员\tadmin\t\tone-time password") && users.output.contains("wang\t王科长\tcounty\t150823\tdisabled"))
        let intact = try await RunningProcess.run(["audit", "verify"], directory: directory)
        #expect(intact.status == 0 && intact.output.contains("audit log intact"), "\(intact.output)")
        let log = try await RunningProcess.run(["audit", "list", "--limit", "20"], directory: directory)
        for action in ["token.create", "user.create", "device.create", "user.disable"] { #expect(log.output.contains("\t\(action)\t"), "\(action)") }
        #expect(!log.output.contains(Self.password))

        // The key rotates; the device's secrets survive it (a server on the new key reads them).
        let rotated = try await RunningProcess.run(["secrets", "rotate"], directory: directory)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(FileManager.default.fileExists(atPath: data + "/secret.key.old"))
        let again = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], directory: directory)
        let secondPort = try await again.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        let device = try await HTTP.request("http://127.0.0.1:\(secondPort)/api/v1/devices", method: "GET", body: nil, headers: auth)
        #expect(device.status == 200 && device.body.contains(#""encrypted":true"#), "\(device.body)")
        again.signal(SIGTERM)
        #expect(try await again.exitStatus(timeout: .seconds(15)) == 0)
        #expect(!again.text.contains("一次性密码"), "the administrator is created once")

        // Someone changes the third entry in the database: verify names it and fails.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [data + "/qingshan.sqlite", "UPDATE audit_log SET actor = 'user:nobody' WHERE position = 3"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let broken = try await RunningProcess.run(["audit", "verify"], directory: directory)
        #expect(broken.status == 1 && broken.output.contains("BROKEN at position 3 (altered)"), "\(broken.output)")
    }
}
