import ArgumentParser
import Foundation
import Prometheus
import QingshanServer
import QingshanStore
import QingshanTools

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform: HTTP API on 127.0.0.1:8080, store in ./qingshan-data.")

    @OptionGroup var options: StoreOptions

    @Option(name: .long, help: "HTTP listen address HOST:PORT (port 0 picks a free port).")
    var http: String?

    @Option(name: .long, help: "HJ 212 listen address HOST:PORT.")
    var hj212: String?

    @Flag(
        help: """
            Also run simulated loggers on demo sites of their own (SIM00001…, marked 演示 on every page; never a real \
            site), with a day of hourly data first. `qingshan simulate --remove` deletes them.
            """)
    var demo = false

    @Option(name: .long, help: "How many simulated loggers --demo runs.")
    var demoLoggers = 6

    @Option(name: .long, help: "Seconds between the demo loggers' real-time uploads.")
    var demoInterval = 30.0

    func run() async throws {
        guard demoLoggers > 0, demoLoggers <= 1_000, demoInterval >= 1 else {
            fail("--demo-loggers must be 1…1000 and --demo-interval at least 1 second", code: 2)
        }
        let config = await loadConfig(options, http: http, hj212: hj212)
        let registry = PrometheusCollectorRegistry()
        Observability.bootstrapMetrics(registry: registry)
        let platform = Platform(
            config: config, registry: registry,
            onGatewayListening: { port in
                FileHandle.standardOutput.write(Data("qingshan: HJ 212 listening on \(config.hj212.host):\(port)\n".utf8))
            },
            onListening: { port in
                FileHandle.standardOutput.write(Data("qingshan: HTTP listening on \(config.http.host):\(port)\n".utf8))
            },
            companions: demo ? [demoCompanion(host: config.hj212.host)] : [])
        do {
            try await platform.run()
        } catch let error as ConfigurationError {
            fail("configuration: \(error.description)", code: 2)
        } catch {
            if "\(error)".contains("Address already in use") {
                fail(
                    "an address is already in use (HTTP \(config.http), HJ 212 \(config.hj212)): is another qingshan serve running? "
                        + "Stop it, or choose other addresses with --http / --hj212 (http.address, hj212.address)", code: 1)
            }
            fail("\(error)", code: 1)
        }
    }

    /// The demo: loggers registered on demo sites, talking HJ 212 to this very gateway until shutdown.
    func demoCompanion(host: String) -> Platform.Companion {
        let (count, interval) = (demoLoggers, demoInterval)
        // A gateway listening on every address is reached on the loopback one.
        let target = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return Platform.Companion(name: "demo") { store, port in
            let loggers = try await HJ212Simulator.register(count: count, in: store)
            FileHandle.standardOutput.write(
                Data("qingshan: demo: \(loggers.count) simulated loggers on demo sites SIM00001…, an upload every \(interval) s each\n".utf8))
            _ = try await HJ212Simulator.run(
                loggers, host: target, port: port, interval: .seconds(interval), duration: nil, connectionsPerSecond: 10, backfillHours: 24)
        }
    }
}
