import ControlModels
import ControlStore
import Foundation
import ServerRuntime

/// What the first start of a fresh database creates.
public struct FirstRunDefaults: Sendable {
    /// The admin's password; nil: generate one (printed once).
    public var adminPassword: String?
    public var adminName = "admin"
    public var shareName = "/export"
    public var metadataType = "badgerlike"
    public var payloadType = "fs"
    /// Configurations of the default stores; nil: the embedded layout
    /// under the data directory.
    public var metadataConfig: JSON?
    public var payloadConfig: JSON?
    public var nfsPort = 12049
    public var nfsBind = "0.0.0.0"
    /// Enable the NFS adapter (when its plugin is loaded).
    public var enableNFS = true

    public init(adminPassword: String? = nil) { self.adminPassword = adminPassword }
}

/// What `bootstrap` did, for the start-up banner.
public struct BootReport: Sendable {
    /// Set on a fresh database: the admin password to show ONCE (nil when
    /// it came from DFS_ADMIN_PASSWORD).
    public var generatedAdminPassword: String?
    public var firstRun = false
    /// One line per thing that could not be restored.
    public var problems: [String] = []
}

extension ControlPlane {
    /// On a fresh database (no users): create the admin, the default
    /// stores under the data directory, the share and the NFS adapter.
    /// Then restore everything the database holds into the runtime:
    /// settings, stores (a store that fails to open is reported, not
    /// fatal), shares, enabled adapters.
    public func bootstrap(_ defaults: FirstRunDefaults) throws -> BootReport {
        var report = BootReport()
        try changing {
            if try db.listUsers().isEmpty {
                report.firstRun = true
                report.generatedAdminPassword = try firstRun(defaults)
            }
        }
        restoreSettings()
        report.problems = restore()
        return report
    }

    private func firstRun(_ d: FirstRunDefaults) throws -> String? {
        var generated: String?
        let password: String
        if let p = d.adminPassword, !p.isEmpty {
            password = p
        } else {
            password = Self.randomPassword()
            generated = password
        }
        _ = try db.createUser(UserCreate(name: d.adminName, password: password, role: .admin))
        if try db.listStores(kind: nil).isEmpty {
            let meta = d.metadataConfig ?? Self.embeddedConfig(d.metadataType, dataDirectory, "metadata")
            let payload = d.payloadConfig ?? Self.embeddedConfig(d.payloadType, dataDirectory, "payload")
            if runtime.registry.plugin(kind: .metadata, name: d.metadataType) != nil {
                _ = try db.addStore(kind: .metadata, name: "default", type: d.metadataType, config: meta.text)
            }
            if runtime.registry.plugin(kind: .payload, name: d.payloadType) != nil {
                _ = try db.addStore(kind: .payload, name: "default", type: d.payloadType, config: payload.text)
            }
        }
        if try db.listShares().isEmpty, (try? db.store(kind: .metadata, name: "default")) != nil,
           (try? db.store(kind: .payload, name: "default")) != nil {
            _ = try db.createShare(ShareCreate(name: d.shareName, metadataStore: "default", payloadStore: "default"))
        }
        if d.enableNFS, runtime.registry.plugin(kind: .adapter, name: "nfs") != nil, (try? db.adapter(type: "nfs")) == nil {
            try db.upsertAdapter(AdapterRecord(type: "nfs", enabled: true, port: d.nfsPort, bind: d.nfsBind))
        }
        log.info("first start: created the admin user \"\(d.adminName)\", default stores, share \(d.shareName) and the NFS adapter")
        return generated
    }

    /// Bring the runtime to what the database says. Returns the problems.
    func restore() -> [String] {
        var problems: [String] = []
        for r in (try? db.listStores(kind: nil)) ?? [] where !runtime.isStoreOpen(kind: r.kind.pluginKind, name: r.name) {
            do {
                try runtime.openStore(StoreSpec(kind: r.kind.pluginKind, name: r.name, type: r.type, config: r.config))
            } catch {
                storeErrors.set(r.kind, r.name, "\(error)")
                problems.append("\(r.kind.rawValue) store \"\(r.name)\": \(error)")
            }
        }
        let served = Set(runtime.servedShares.map(\.name))
        for r in (try? db.listShares()) ?? [] where !served.contains(r.share.name) {
            do {
                try runtime.addShare(try spec(for: r))
            } catch {
                problems.append("share \"\(r.share.name)\": \(error)")
            }
        }
        for a in (try? db.listAdapters()) ?? [] where a.enabled {
            do {
                try runtime.enableAdapter(type: a.type, settings: settingsJSON(a))
            } catch {
                problems.append("\(a.type) adapter: \(error)")
            }
        }
        for p in problems { log.error("not restored: \(p)") }
        return problems
    }

    /// The configuration of a default store: stores that keep files
    /// (badgerlike, fs) live under `<data-dir>/<sub>`; others get `{}`.
    static func embeddedConfig(_ type: String, _ dataDirectory: String, _ sub: String) -> JSON {
        switch type {
        case "badgerlike", "fs": .object(["path": .string((dataDirectory as NSString).appendingPathComponent(sub))])
        default: .object([:])
        }
    }

    /// 20 characters from an alphabet without look-alikes (~115 bits).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
