import Foundation
public import QingshanCore
import Yams

/// A city's plan as its profile files give it: the main indicators and the further targets (`Resources/plans`).
public struct PlanBook: Sendable {
    public var title: String
    public var indicators: [PlanIndicator]
    public var targets: [PlanTarget]

    struct IndicatorFile: Decodable {
        struct Meta: Decodable {
            var sourceTitleZh: String
            enum CodingKeys: String, CodingKey { case sourceTitleZh = "source_title_zh" }
        }
        var meta: Meta
        var indicators: [PlanIndicator]
    }

    struct TargetFile: Decodable {
        var targets: [PlanTarget]
    }

    /// Bayannur's 14th five-year plan, shipped with the platform.
    public static func builtIn() throws -> PlanBook {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("plans/bayannur").path else {
            throw ConfigurationError("the plan files are missing from the build (Resources/plans); rebuild qingshan")
        }
        return try read(directory: directory)
    }

    /// `indicators.yaml` and `targets.yaml` of a directory; a file that does not parse is an error naming it.
    public static func read(directory: String) throws -> PlanBook {
        func text(_ name: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw ConfigurationError("plan file \(directory)/\(name) cannot be read")
            }
            return String(decoding: data, as: UTF8.self)
        }
        do {
            let indicators = try YAMLDecoder().decode(IndicatorFile.self, from: try text("indicators.yaml"))
            let targets = try YAMLDecoder().decode(TargetFile.self, from: try text("targets.yaml"))
            return PlanBook(title: indicators.meta.sourceTitleZh, indicators: indicators.indicators, targets: targets.targets)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("plan files in \(directory): \(error)")
        }
    }

    public func indicator(_ id: Int) -> PlanIndicator? { indicators.first { $0.id == id } }
}
