import ArgumentParser
import Foundation
import Prometheus
import QingshanServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform: HTTP API on 127.0.0.1:8080, store in ./qingshan-data.")

    @OptionGroup var options: StoreOptions

    @Option(name: .long, help: "HTTP listen address HOST:PORT (port 0 picks a free port).")
    var http: String?

    @Option(name: .long, help: "HJ 212 listen address HOST:PORT.")
    var hj212: String?

    func run() async throws {
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
            })
        do {
            try await platform.run()
        } catch let error as ConfigurationError {
            fail("configuration: \(error.description)", code: 2)
        } catch {
            fail("\(error)", code: 1)
        }
    }
}
