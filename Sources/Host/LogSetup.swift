import Foundation
import Logging
import Synchronization

/// The process's log output: text (swift-log's stream format) or JSON
/// lines, to stderr, with a level that can change while running (the
/// `log.level` setting). Every line starts with an ISO-8601 timestamp
/// (`dfs logs --since` relies on it).
enum LogSetup {
    enum Format: String, CaseIterable { case text, json }

    /// The live level every handler consults.
    static let level = Mutex(Logger.Level.info)

    static func bootstrap(level initial: Logger.Level, format: Format) {
        level.withLock { $0 = initial }
        LoggingSystem.bootstrap { label in
            switch format {
            case .text: LiveLevelHandler(inner: StreamLogHandler.standardError(label: label))
            case .json: LiveLevelHandler(inner: JSONLineHandler(label: label))
            }
        }
    }

    static func parseLevel(_ s: String) throws -> Logger.Level {
        guard let l = Logger.Level(rawValue: s.lowercased()) else {
            throw ValidationErrorLike("unknown log level \"\(s)\" (use trace, debug, info, notice, warning, error or critical)")
        }
        return l
    }
}

struct ValidationErrorLike: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Delegates to `inner`, with the level read from `LogSetup.level`.
struct LiveLevelHandler<Inner: LogHandler>: LogHandler {
    var inner: Inner

    var logLevel: Logger.Level {
        get { LogSetup.level.withLock { $0 } }
        set { LogSetup.level.withLock { $0 = newValue } }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) { inner.log(event: event) }
}

/// One JSON object per line on stderr:
/// `{"ts":"2026-11-21T04:10:22.123Z","level":"info","label":"dfs","msg":"...",...metadata}`.
struct JSONLineHandler: LogHandler {
    nonisolated(unsafe) static let formatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    static func timestamp() -> String { formatter.string(from: Date()) }

    let label: String
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var o: [String: String] = ["ts": Self.timestamp(),
                                   "level": event.level.rawValue, "label": label, "msg": event.message.description, "source": event.source]
        if let error = event.error { o["error"] = "\(error)" }
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where o[k] == nil { o[k] = "\(v)" }
        guard var data = try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        Foundation.FileHandle.standardError.write(data)
    }
}
