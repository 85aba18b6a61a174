import EmporiumCore
import EmporiumFeeds
import Foundation
import Logging

/// Feed files per partner, format and catalog version: each version is generated once (a single
/// flight however many partners ask at the same time), written as a plain and a gzip file in one
/// pass, then served from disk with exact lengths, ranges and validators.
actor FeedCache {
    /// A generated feed on disk.
    struct Entry: Sendable {
        var version: Int64
        var changedAt: Int64
        var plainPath: String
        var plainSize: Int
        var gzipPath: String
        var gzipSize: Int
        var report: FeedReport
    }

    /// Writes one feed into the two paths and returns what it wrote.
    typealias Build = @Sendable (_ plainPath: String, _ gzipPath: String) async throws -> FeedGenerator.Result

    let directory: String
    let logger: Logger
    private var entries: [String: Entry] = [:]
    private var building: [String: Task<Entry, any Error>] = [:]
    /// Files of replaced entries, kept one generation so responses streaming them can finish.
    private var retired: [String: [String]] = [:]
    private var sequence = 0

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// The entry for `key` at `version` or newer, building it when needed.
    func entry(for key: String, atLeast version: Int64, build: @escaping Build) async throws -> Entry {
        if let entry = entries[key], entry.version >= version { return entry }
        if let running = building[key] { return try await running.value }
        sequence += 1
        let stem = directory + "/" + key + "-" + String(sequence)
        let directory = self.directory
        // Unstructured on purpose: the build is shared by every request that waits for it and must
        // finish (and be reused) even when the request that started it goes away.
        let task = Task<Entry, any Error> {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let plain = stem + ".xml"
            let gzip = stem + ".xml.gz"
            let result = try await build(plain + ".tmp", gzip + ".tmp")
            guard rename(plain + ".tmp", plain) == 0, rename(gzip + ".tmp", gzip) == 0 else {
                throw FeedError(code: .output, message: "The feed file could not be stored.")
            }
            return Entry(
                version: result.snapshot.version, changedAt: result.snapshot.changedAt, plainPath: plain,
                plainSize: Self.size(of: plain), gzipPath: gzip, gzipSize: Self.size(of: gzip), report: result.report)
        }
        building[key] = task
        defer { building[key] = nil }
        let entry = try await task.value
        store(entry, for: key)
        return entry
    }

    private func store(_ entry: Entry, for key: String) {
        if let old = entries[key] {
            for path in retired[key] ?? [] { unlink(path) }
            retired[key] = [old.plainPath, old.gzipPath]
        }
        entries[key] = entry
    }

    /// Deletes every file (engine shutdown).
    func removeAll() {
        for entry in entries.values {
            unlink(entry.plainPath)
            unlink(entry.gzipPath)
        }
        for paths in retired.values { for path in paths { unlink(path) } }
        entries = [:]
        retired = [:]
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
