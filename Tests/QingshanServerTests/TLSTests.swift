import Foundation
import HJ212
import NIOCore
import NIOPosix
import NIOSSL
import Testing

/// HTTPS and HJ 212 over TLS through the real binary, with a certificate made by openssl for the test.
@Suite struct TLSTests {
    /// One exchange over TLS (certificate not verified: it is the test's own): sends `bytes`, returns what came
    /// back until `terminator` or the peer closed.
    static func exchange(port: Int, _ bytes: [UInt8], until terminator: String) async throws -> String {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
            channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            var received = ""
            for try await chunk in inbound {
                received += String(buffer: chunk)
                if received.contains(terminator) { break }
            }
            return received
        }
    }

    @Test func httpsAndHJ212OverTLS() async throws {
        let directory = Fixture.temporaryDirectory()
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        let token = "tls-test-token-0123456789abcdef"
        let environment = [
            "QINGSHAN_HTTP_TLS_CERTIFICATE": directory + "/cert.pem", "QINGSHAN_HTTP_TLS_KEY": directory + "/key.pem",
            "QINGSHAN_HJ212_TLS_CERTIFICATE": directory + "/cert.pem", "QINGSHAN_HJ212_TLS_KEY": directory + "/key.pem",
            "QINGSHAN_API_WRITE_TOKEN": token,
        ]
        // A key without its certificate is refused before anything starts.
        let half = try await RunningProcess.run(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: ["QINGSHAN_HTTP_TLS_KEY": directory + "/key.pem"],
            directory: directory)
        #expect(half.status == 2 && half.output.contains("go together"))
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: directory)
        let httpPort = Int(try await serve.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#))!
        let hj212Port = Int(try await serve.waitFor(#"HJ 212 listening on 127\.0\.0\.1:(\d+)"#))!
        let health = try await Self.exchange(port: httpPort, Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8), until: "\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        // Over HTTPS the session cookies are Secure.
        let signIn = try await Self.exchange(
            port: httpPort, Array("GET /sign-in HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8), until: "</html>")
        #expect(signIn.lowercased().contains("set-cookie: qs_signin=") && signIn.contains("; Secure"), "\(signIn.prefix(600))")
        let body = #"{"site": "2195A", "password": "123456"}"#
        let put = try await Self.exchange(
            port: httpPort,
            Array(
                "PUT /api/v1/devices/MNTLS0001 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    .utf8), until: "\r\n\r\n")
        #expect(put.hasPrefix("HTTP/1.1 201"), "\(put)")
        // A logger speaking TLS: its frame is stored and answered 9014.
        let frame = HJ212Frame.encode(
            segment: Array(
                "QN=20240101000000000;ST=22;CN=2061;PW=123456;MN=MNTLS0001;Flag=5;CP=&&DataTime=20240101000000;a34004-Avg=35,a34004-Flag=N&&".utf8))
        let answer = try await Self.exchange(port: hj212Port, frame, until: "\r\n")
        #expect(answer.contains("CN=9014"), "\(answer)")
        serve.signal(SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(15)) == 0)
    }
}
