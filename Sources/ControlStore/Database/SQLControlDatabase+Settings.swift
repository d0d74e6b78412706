import ControlModels

extension SQLControlDatabase {
    // MARK: Adapters

    public func upsertAdapter(_ adapter: AdapterRecord) throws {
        try Validate.identifier(adapter.type, "adapter type", max: 32)
        try Validate.port(adapter.port)
        guard !adapter.bind.isEmpty, !adapter.bind.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) else {
            throw ControlStoreError.invalid("invalid bind address \"\(adapter.bind)\"")
        }
        guard case .object = adapter.settings else { throw ControlStoreError.invalid("adapter settings must be a JSON object") }
        try backend.transaction(.write) { s in
            try s.execute("""
                INSERT INTO adapters (type, enabled, port, bind, settings) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (type) DO UPDATE SET enabled = excluded.enabled, port = excluded.port,
                                                 bind = excluded.bind, settings = excluded.settings
                """,
                [.text(adapter.type), .bool(adapter.enabled), .int(Int64(adapter.port)), .text(adapter.bind), .text(adapter.settings.text)])
        }
    }

    static func adapterRecord(_ r: SQLRow) -> AdapterRecord {
        AdapterRecord(type: r.text(0), enabled: r.bool(1), port: Int(r.int(2)), bind: r.text(3),
                      settings: (try? JSON.parse(r.text(4))) ?? .object([:]))
    }

    public func adapter(type: String) throws -> AdapterRecord {
        try backend.transaction(.read) { s in
            guard let r = try s.first("SELECT type, enabled, port, bind, settings FROM adapters WHERE type = ?", [.text(type)]) else {
                throw ControlStoreError.notFound("no adapter \"\(type)\" is configured")
            }
            return Self.adapterRecord(r)
        }
    }

    public func listAdapters() throws -> [AdapterRecord] {
        try backend.transaction(.read) { s in
            try s.query("SELECT type, enabled, port, bind, settings FROM adapters ORDER BY type", []).map(Self.adapterRecord)
        }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try backend.transaction(.read) { s in
            try s.first("SELECT value FROM settings WHERE key = ?", [.text(key)]).map { $0.text(0) }
        }
    }

    public func setSetting(_ key: String, value: String) throws {
        try Validate.identifier(key, "setting key", max: 128)
        guard !value.utf8.contains(0) else { throw ControlStoreError.invalid("the value of setting \"\(key)\" contains a NUL character") }
        try backend.transaction(.write) { s in
            try s.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          [.text(key), .text(value)])
        }
    }

    public func listSettings() throws -> [Setting] {
        try backend.transaction(.read) { s in
            try s.query("SELECT key, value FROM settings ORDER BY key", []).map { Setting(key: $0.text(0), value: $0.text(1)) }
        }
    }

    // MARK: Secrets

    public func secret(named name: String) throws -> [UInt8]? {
        let sealed = try backend.transaction(.read) { s in
            try s.first("SELECT sealed FROM secrets WHERE name = ?", [.text(name)]).map { $0.blob(0) }
        }
        return try sealed.map { try sealer.open($0, context: "secret:" + name) }
    }

    public func setSecret(named name: String, _ value: [UInt8]) throws {
        try Validate.identifier(name, "secret name", max: 128)
        guard !name.hasPrefix("_") else { throw ControlStoreError.invalid("secret names starting with _ are reserved") }
        let sealed = try sealer.seal(value, context: "secret:" + name)
        try backend.transaction(.write) { s in
            try s.execute("INSERT INTO secrets (name, sealed) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed",
                          [.text(name), .blob(sealed)])
        }
    }
}
