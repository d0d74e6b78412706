import ControlModels
import Foundation
import Logging

/// Settings that apply while the server runs (`/settings`): each has a
/// default, a validator, and takes effect on the next request that reads
/// it. Persisted in the database; `ControlPlane.restoreSettings` loads them
/// at start.
public final class LiveSettings: @unchecked Sendable {
    public struct Definition: Sendable {
        public let key: String
        public let description: String
        public let defaultValue: String
        /// nil when valid, else the reason.
        public let check: @Sendable (String) -> String?
    }

    public static let definitions: [Definition] = [
        Definition(key: "log.level", description: "Log level: trace, debug, info, notice, warning, error, critical.",
                   defaultValue: "info",
                   check: { Logger.Level(rawValue: $0) == nil ? "use trace, debug, info, notice, warning, error or critical" : nil }),
        Definition(key: "auth.access_token_ttl", description: "Lifetime of access tokens, seconds (60-86400).",
                   defaultValue: "900", check: { intIn($0, 60...86_400) }),
        Definition(key: "auth.refresh_token_ttl", description: "Lifetime of refresh tokens, seconds (300-31536000).",
                   defaultValue: "604800", check: { intIn($0, 300...31_536_000) }),
        Definition(key: "auth.login_attempts_per_minute", description: "Failed logins allowed per client address and minute before 429 (1-1000).",
                   defaultValue: "10", check: { intIn($0, 1...1000) }),
    ]

    private static func intIn(_ v: String, _ r: ClosedRange<Int>) -> String? {
        guard let i = Int(v), r.contains(i) else { return "must be a whole number in \(r.lowerBound)...\(r.upperBound)" }
        return nil
    }

    private var values: [String: String] = [:]
    private let lock = NSLock()
    /// Called after "log.level" changes (the process installs a hook that
    /// changes its log handlers' level).
    public var onLogLevel: (@Sendable (Logger.Level) -> Void)?

    public init() {}

    public static func definition(_ key: String) -> Definition? { definitions.first { $0.key == key } }

    public func value(_ key: String) -> String {
        lock.withLock { values[key] } ?? Self.definition(key)?.defaultValue ?? ""
    }

    public func int(_ key: String) -> Int { Int(value(key)) ?? Int(Self.definition(key)?.defaultValue ?? "0") ?? 0 }

    /// Apply `value` (already validated) in memory.
    public func apply(_ key: String, _ value: String) {
        lock.withLock { values[key] = value }
        if key == "log.level", let l = Logger.Level(rawValue: value) { onLogLevel?(l) }
    }

    public var all: [Setting] {
        Self.definitions.map { Setting(key: $0.key, value: value($0.key), description: $0.description) }
    }
}
