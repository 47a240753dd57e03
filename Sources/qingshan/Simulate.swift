import ArgumentParser
import Foundation
import Logging
import QingshanServer
import QingshanStore
import QingshanTools

/// `qingshan simulate`: simulated loggers, for demos and end-to-end benchmarks.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run simulated data loggers for the registry's sites against an HJ 212 centre (registers them first).")
    @OptionGroup var options: StoreOptions
    @Option(help: "How many loggers.") var devices = 10
    @Option(help: "Seconds between real-time uploads of each logger; 0 sends the next as soon as the last is answered (for benchmarks).")
    var interval = 60.0
    @Option(help: "The centre, HOST:PORT (default: the configured hj212.address).", transform: HostAndPort.argument) var to: HostAndPort?
    @Option(help: "Stop after this many seconds and print the report (default: run until interrupted).") var duration: Double?
    @Flag(
        help:
            "Remove every demo site with its devices, observations and rollups, and send nothing (stop `serve` first: it keeps the devices it knows until restarted)."
    )
    var remove = false

    func run() async throws {
        let config = await loadConfig(options)
        let target = to ?? config.hj212
        if remove {
            do {
                let removed = try await withConfiguredStore(config) { store in try await HJ212Simulator.removeDemo(from: store) }
                print("removed \(removed.sites) demo sites and \(removed.observations) observations")
                return
            } catch {
                fail("simulate --remove: \(error)", code: 1)
            }
        }
        guard devices > 0, interval >= 0 else { fail("--devices must be positive and --interval not negative", code: 2) }
        do {
            let devices = self.devices
            let loggers = try await withConfiguredStore(config) { store in
                try await HJ212Simulator.register(count: devices, in: store)
            }
            print("simulating \(loggers.count) loggers against \(target.host):\(target.port), an upload every \(interval) s each")
            let report = try await HJ212Simulator.run(
                loggers, host: target.host, port: target.port, interval: .seconds(interval), duration: duration.map { .seconds($0) })
            print(report.text)
        } catch {
            fail("simulate: \(error)", code: 1)
        }
    }
}
