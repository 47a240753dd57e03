import Foundation
public import Logging
import QingshanCore
public import QingshanStore

/// Runs a file import: parse, create missing sites, write in committed batches, report.
///
/// Each batch is one transaction; a crash loses at most the batch in flight, and re-running the import
/// skips what was committed because observation identities are unique.
public struct Importer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let store: any PlatformStore
    public let batchSize: Int
    public let strict: Bool
    public let showProgress: Bool
    let logger: Logger

    public init(
        store: any PlatformStore, batchSize: Int = 50_000, strict: Bool = false, showProgress: Bool = true,
        logger: Logger = Logger(label: "qingshan.import")
    ) {
        self.store = store
        self.batchSize = batchSize
        self.strict = strict
        self.showProgress = showProgress
        self.logger = logger
    }

    /// Reads every file before writing anything, so a missing or foreign file stops the import with the
    /// store unchanged.
    public func run(format: ImportFormat, files: [String]) async throws -> ImportSummary {
        var contents: [(String, [UInt8])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure(description: "\(file): no such file or not readable")
            }
            let bytes = [UInt8](data)
            try checkFormat(format, file: file, bytes: bytes)
            contents.append((file, bytes))
        }
        if strict {
            // Validate every row first, so that --strict stores nothing from a file set with a bad row.
            var rehearsal = ImportSummary()
            try await withThrowingTaskGroup(of: CommittedBatch.self) { writes in
                for (file, bytes) in contents {
                    switch format {
                    case .prsa: try await importPRSA(file: file, bytes: bytes, into: &rehearsal, writes: &writes, writing: false)
                    case .cnemc: try await importCNEMC(file: file, bytes: bytes, into: &rehearsal, writes: &writes, writing: false)
                    }
                }
            }
        }
        var summary = ImportSummary()
        // Parsing the next batch overlaps with committing the previous one: one batch in flight at most.
        try await withThrowingTaskGroup(of: CommittedBatch.self) { writes in
            for (file, bytes) in contents {
                summary.files += 1
                switch format {
                case .prsa: try await importPRSA(file: file, bytes: bytes, into: &summary, writes: &writes)
                case .cnemc: try await importCNEMC(file: file, bytes: bytes, into: &summary, writes: &writes)
                }
            }
            while let batch = try await writes.next() { record(batch, into: &summary) }
        }
        return summary
    }

    private func checkFormat(_ format: ImportFormat, file: String, bytes: [UInt8]) throws {
        let header = Substring(String(decoding: bytes.prefix { $0 != 10 }, as: UTF8.self))
        switch format {
        case .prsa: try PRSARecordParser(file: file).checkHeader(header)
        case .cnemc:
            var parser = CNEMCDayParser(file: file)
            try parser.readHeader(header)
        }
    }

    static func lines(_ bytes: [UInt8]) -> [Substring] {
        // Split on Character newlines: in Swift "\r\n" is one Character, so CRLF files split cleanly too.
        String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    private func importPRSA(
        file: String, bytes: [UInt8], into summary: inout ImportSummary, writes: inout ThrowingTaskGroup<CommittedBatch, any Error>,
        writing: Bool = true
    ) async throws {
        let parser = PRSARecordParser(file: file)
        let lines = Self.lines(bytes)
        let progress = ProgressBar(
            total: lines.count, label: (file as NSString).lastPathComponent, enabled: showProgress && isatty(STDERR_FILENO) != 0)
        var pending: [Observation] = []
        var knownStations = Set<String>()
        for (index, line) in lines.enumerated().dropFirst() {
            if line.isEmpty || line == "\r" { continue }
            summary.rowsRead += 1
            switch parser.parse(line, lineNumber: index + 1) {
            case .success(let row):
                if writing, knownStations.insert(row.station).inserted {
                    let created = try await store.addMissingSites([Self.prsaSite(station: row.station)])
                    summary.sitesCreated += created
                }
                summary.valuesRead += row.observations.count
                pending += row.observations
            case .failure(let issue):
                summary.issues.append(issue)
                if strict { throw Failure(description: "stopped at the first bad row (--strict): \(issue)") }
            }
            if pending.count >= batchSize {
                try await flush(&pending, into: &summary, writes: &writes, writing: writing, position: "\(file):\(index + 1)")
                progress.update(index)
            }
        }
        try await flush(&pending, into: &summary, writes: &writes, writing: writing, position: "\(file):\(lines.count)")
        progress.finish()
    }

    private func importCNEMC(
        file: String, bytes: [UInt8], into summary: inout ImportSummary, writes: inout ThrowingTaskGroup<CommittedBatch, any Error>,
        writing: Bool = true
    ) async throws {
        var parser = CNEMCDayParser(file: file)
        let lines = Self.lines(bytes)
        try parser.readHeader(lines[0])
        if writing {
            let created = try await store.addMissingSites(
                parser.stations.map { code in
                    Site(
                        code: code, nameZh: code, kind: .air,
                        attributes: ["network": "national", "source_file": (file as NSString).lastPathComponent], origin: .imported)
                })
            summary.sitesCreated += created
        }
        let progress = ProgressBar(
            total: lines.count, label: (file as NSString).lastPathComponent, enabled: showProgress && isatty(STDERR_FILENO) != 0)
        var pending: [Observation] = []
        for (index, line) in lines.enumerated().dropFirst() {
            if line.isEmpty || line == "\r" { continue }
            summary.rowsRead += 1
            let (observations, issues) = parser.parse(line, lineNumber: index + 1)
            if strict, let issue = issues.first {
                throw Failure(description: "stopped at the first bad row (--strict): \(issue)")
            }
            summary.issues += issues
            summary.valuesRead += observations.count
            pending += observations
            if pending.count >= batchSize {
                try await flush(&pending, into: &summary, writes: &writes, writing: writing, position: "\(file):\(index + 1)")
                progress.update(index)
            }
        }
        try await flush(&pending, into: &summary, writes: &writes, writing: writing, position: "\(file):\(lines.count)")
        progress.finish()
    }

    /// A batch whose transaction has committed.
    struct CommittedBatch: Sendable {
        var outcome: WriteOutcome
        var values: Int
        var position: String
    }

    /// Hands the pending batch to a writer task, after the previous batch has committed.
    private func flush(
        _ pending: inout [Observation], into summary: inout ImportSummary,
        writes: inout ThrowingTaskGroup<CommittedBatch, any Error>, writing: Bool, position: String
    ) async throws {
        guard writing, !pending.isEmpty else {
            pending.removeAll(keepingCapacity: true)
            return
        }
        if let previous = try await writes.next() { record(previous, into: &summary) }
        let batch = pending
        writes.addTask { [store] in
            CommittedBatch(outcome: try await store.write(batch), values: batch.count, position: position)
        }
        pending = []
        pending.reserveCapacity(batchSize)
    }

    /// Counts a committed batch and says so; only now may anyone rely on it being stored.
    private func record(_ batch: CommittedBatch, into summary: inout ImportSummary) {
        summary.valuesStored += batch.outcome.inserted
        summary.valuesAlreadyPresent += batch.outcome.alreadyPresent
        // Without a terminal there is no progress bar: these lines are the progress.
        logger.log(
            level: isatty(STDERR_FILENO) != 0 && showProgress ? .debug : .info, "batch committed",
            metadata: [
                "through": "\(batch.position)", "values": "\(batch.values)",
                "committed_total": "\(summary.valuesStored + summary.valuesAlreadyPresent)",
            ])
    }

    /// The CNEMC codes of the twelve PRSA stations (from the data set's documentation).
    static let prsaCNEMCCodes: [String: String] = [
        "wanshouxigong": "1001A", "dingling": "1002A", "dongsi": "1003A", "tiantan": "1004A",
        "nongzhanguan": "1005A", "guanyuan": "1006A", "wanliu": "1007A", "shunyi": "1008A", "huairou": "1009A",
        "changping": "1010A", "aotizhongxin": "1011A", "gucheng": "1012A",
    ]

    static func prsaSite(station: String) -> Site {
        var attributes = ["dataset": "UCI Beijing Multi-Site Air-Quality (PRSA)"]
        attributes["cnemc_code"] = prsaCNEMCCodes[station.lowercased()]
        return Site(
            code: PRSARecordParser.siteCode(station: station), nameZh: station, nameEn: station, kind: .air,
            attributes: attributes, origin: .imported)
    }
}
