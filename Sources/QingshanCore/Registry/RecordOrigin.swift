/// Where a registry record came from, so imported guesses are never mistaken for curated master data.
public enum RecordOrigin: String, Codable, Sendable, Hashable {
    /// Loaded from a city profile file curated by the bureau.
    case profile
    /// Created by an importer from a data file; name and location are whatever the file said.
    case imported
    /// Entered by an operator through the API or command line.
    case manual
    /// Made up by `qingshan simulate` for its loggers: never a real site, removed with `qingshan simulate --remove`.
    case demo
}
