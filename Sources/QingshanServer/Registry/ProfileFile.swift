import Foundation
public import QingshanCore
import Yams

/// Reads and writes registry profiles as YAML.
public enum ProfileFile {
    /// The built-in Bayannur profile shipped with Qingshan.
    public static func builtIn() throws -> RegistryProfile {
        guard let url = Bundle.module.url(forResource: "bayannur", withExtension: "yaml", subdirectory: "profiles") else {
            throw ConfigurationError("the built-in Bayannur profile is missing from the installation")
        }
        return try read(path: url.path)
    }

    /// Reads a profile; the error names the file and the problem.
    public static func read(path: String) throws -> RegistryProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("profile \(path) does not exist or cannot be read")
        }
        let profile: RegistryProfile
        do {
            profile = try YAMLDecoder().decode(RegistryProfile.self, from: String(decoding: data, as: UTF8.self))
        } catch let error as DecodingError {
            throw ConfigurationError("profile \(path): \(describe(error))")
        } catch {
            throw ConfigurationError("profile \(path): not valid YAML: \(error)")
        }
        let problems = profile.problems()
        guard problems.isEmpty else {
            throw ConfigurationError("profile \(path): " + problems.joined(separator: "; "))
        }
        return profile
    }

    public static func yaml(_ profile: RegistryProfile) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true
        encoder.options.sortKeys = false
        return try encoder.encode(profile)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
