import ControlModels
import ControlStore
import Foundation

extension ControlPlane {
    public func listSettings() -> [Setting] { settings.all }

    public func setting(_ key: String) throws -> Setting {
        guard let d = LiveSettings.definition(key) else { throw unknownSetting(key) }
        return Setting(key: key, value: settings.value(key), description: d.description)
    }

    /// Validate, persist, apply.
    public func setSetting(_ key: String, _ value: String) throws -> Setting {
        guard let d = LiveSettings.definition(key) else { throw unknownSetting(key) }
        if let why = d.check(value) { throw ControlError(.invalid, "\(key): \(why)") }
        try db.setSetting(key, value: value)
        settings.apply(key, value)
        return Setting(key: key, value: value, description: d.description)
    }

    /// Load persisted settings into memory (at start). A value that no
    /// longer validates is ignored with a warning.
    public func restoreSettings() {
        for d in LiveSettings.definitions {
            guard let v = try? db.setting(d.key) else { continue }
            if let why = d.check(v) {
                log.warning("ignoring stored setting \(d.key)=\(v): \(why)")
                continue
            }
            settings.apply(d.key, v)
        }
    }

    func unknownSetting(_ key: String) -> ControlStoreError {
        .notFound("no setting \"\(key)\" (known: \(LiveSettings.definitions.map(\.key).joined(separator: ", ")))")
    }

    public func status() throws -> ServerStatus {
        ServerStatus(version: ControlAPIInfo.version, pid: getpid(), uptimeSeconds: Date().timeIntervalSince(startedAt),
                     dataDirectory: dataDirectory, database: db.label, shares: runtime.servedShares.count,
                     adapters: try listAdapters())
    }
}

/// Version strings the API reports (set by the host at start).
public enum ControlAPIInfo {
    nonisolated(unsafe) public static var version = "0.0.0"
}
