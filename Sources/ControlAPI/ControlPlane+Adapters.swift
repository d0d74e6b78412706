import ControlModels
import ControlStore
import ServerRuntime

// Protocol adapters: enable/disable/update applied live and persisted.

extension ControlPlane {
    /// Default port per adapter type (DESIGN.md "Defaults a user sees").
    public static let defaultPorts: [String: Int] = ["nfs": 12049, "smb": 12445]
    public static let defaultBind = "0.0.0.0"

    public func listAdapters() throws -> [Adapter] {
        var byType: [String: AdapterRecord] = [:]
        for r in try db.listAdapters() { byType[r.type] = r }
        // adapter plugins never configured show up as disabled
        for p in runtime.registry.all where p.kind == .adapter && byType[p.name] == nil {
            byType[p.name] = AdapterRecord(type: p.name, enabled: false, port: Self.defaultPorts[p.name] ?? 0, bind: Self.defaultBind)
        }
        return byType.keys.sorted().map { model(byType[$0]!) }
    }

    public func adapter(_ type: String) throws -> Adapter {
        model(try record(type))
    }

    /// Enable (or restart with new settings) adapter `type`; persisted
    /// only once it runs.
    public func enableAdapter(_ type: String, _ config: AdapterConfig) throws -> Adapter {
        try changing {
            var r = try record(type)
            try apply(config, to: &r)
            r.enabled = true
            try runtime.enableAdapter(type: type, settings: settingsJSON(r))
            try db.upsertAdapter(r)
            return model(r)
        }
    }

    /// Stop adapter `type` gracefully and remember it disabled.
    public func disableAdapter(_ type: String) throws -> Adapter {
        try changing {
            var r = try record(type)
            runtime.disableAdapter(type: type)
            r.enabled = false
            try db.upsertAdapter(r)
            return model(r)
        }
    }

    /// Change settings; a running adapter is restarted with them (and the
    /// change is refused, the old instance kept stopped with the error
    /// recorded, if they do not work).
    public func updateAdapter(_ type: String, _ config: AdapterConfig) throws -> Adapter {
        try changing {
            var r = try record(type)
            try apply(config, to: &r)
            if r.enabled {
                try runtime.enableAdapter(type: type, settings: settingsJSON(r))
            }
            try db.upsertAdapter(r)
            return model(r)
        }
    }

    /// The stored record of `type`, or a default one for a loaded adapter
    /// plugin never configured. `.notFound` for anything else.
    func record(_ type: String) throws -> AdapterRecord {
        do {
            return try db.adapter(type: type)
        } catch let e as ControlStoreError where e.kind == .notFound {
            guard runtime.registry.plugin(kind: .adapter, name: type) != nil else {
                let known = runtime.registry.all.filter { $0.kind == .adapter }.map(\.name).sorted()
                throw ControlStoreError.notFound("no adapter \"\(type)\" (adapter plugins loaded: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            return AdapterRecord(type: type, enabled: false, port: Self.defaultPorts[type] ?? 0, bind: Self.defaultBind)
        }
    }

    func apply(_ c: AdapterConfig, to r: inout AdapterRecord) throws {
        if let port = c.port {
            guard (0...65535).contains(port) else { throw ControlError(.invalid, "port \(port) is outside 0...65535") }
            r.port = port
        }
        if let bind = c.bind {
            guard !bind.isEmpty else { throw ControlError(.invalid, "bind must be an address") }
            r.bind = bind
        }
        if let settings = c.settings {
            // Merged into the stored settings: a key given replaces its value,
            // a key given as null removes it, other keys stay.
            guard case .object(let o) = settings else { throw ControlError(.invalid, "settings must be a JSON object") }
            if o["port"] != nil || o["bind"] != nil { throw ControlError(.invalid, "give port and bind as their own fields, not in settings") }
            var merged: [String: JSON] = [:]
            if case .object(let old) = r.settings { merged = old }
            for (k, v) in o {
                if v == .null { merged.removeValue(forKey: k) } else { merged[k] = v }
            }
            r.settings = .object(merged)
        }
    }

    /// The plugin's settings document: extra settings plus port and bind.
    func settingsJSON(_ r: AdapterRecord) -> String {
        var o: [String: JSON] = [:]
        if case .object(let extra) = r.settings { o = extra }
        o["port"] = .int(Int64(r.port))
        o["bind"] = .string(r.bind)
        return JSON.object(o).text
    }

    func model(_ r: AdapterRecord) -> Adapter {
        let state = runtime.adapterState(type: r.type)
        var runtimeDoc: JSON?
        if case .running(_, let status) = state { runtimeDoc = try? JSON.parse(status) }
        var m = r.model(status: state.summary, runtime: runtimeDoc)
        // an adapter asked for port 0 reports the port it got
        if r.port == 0, case .int(let p)? = runtimeDoc?["port"] { m.port = Int(p) }
        return m
    }
}
