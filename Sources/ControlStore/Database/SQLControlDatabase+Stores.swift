import ControlModels

extension SQLControlDatabase {
    /// Names of the shares using a store.
    static func sharesUsing(_ s: any SQLSession, kind: StoreKind, name: String) throws -> [String] {
        let column = kind == .metadata ? "metadata_store" : "payload_store"
        return try s.query("SELECT name FROM shares WHERE \(column) = ? ORDER BY name", [.text(name)]).map { $0.text(0) }
    }

    static func loadStore(_ s: any SQLSession, kind: StoreKind, name: String) throws -> StoreRecord? {
        guard let r = try s.first("SELECT type, config FROM stores WHERE kind = ? AND name = ?", [.text(kind.rawValue), .text(name)]) else {
            return nil
        }
        return StoreRecord(kind: kind, name: name, type: r.text(0), config: r.text(1), usedBy: try sharesUsing(s, kind: kind, name: name))
    }

    public func addStore(kind: StoreKind, name: String, type: String, config: String) throws -> StoreRecord {
        try Validate.identifier(name, "store name")
        try Validate.identifier(type, "store type")
        try Validate.jsonObject(config, "store configuration")
        return try backend.transaction(.write) { s in
            if try Self.loadStore(s, kind: kind, name: name) != nil {
                throw ControlStoreError.alreadyExists("a \(kind.rawValue) store named \"\(name)\" already exists")
            }
            try s.execute("INSERT INTO stores (kind, name, type, config, created_at) VALUES (?, ?, ?, ?, ?)",
                          [.text(kind.rawValue), .text(name), .text(type), .text(config), .text(Clock.now())])
            return StoreRecord(kind: kind, name: name, type: type, config: config)
        }
    }

    public func store(kind: StoreKind, name: String) throws -> StoreRecord {
        try backend.transaction(.read) { s in
            guard let r = try Self.loadStore(s, kind: kind, name: name) else {
                throw ControlStoreError.notFound("no \(kind.rawValue) store named \"\(name)\"")
            }
            return r
        }
    }

    public func listStores(kind: StoreKind?) throws -> [StoreRecord] {
        try backend.transaction(.read) { s in
            let kinds = kind.map { [$0] } ?? StoreKind.allCases
            return try kinds.flatMap { k in
                try s.query("SELECT name FROM stores WHERE kind = ? ORDER BY name", [.text(k.rawValue)]).compactMap {
                    try Self.loadStore(s, kind: k, name: $0.text(0))
                }
            }
        }
    }

    public func removeStore(kind: StoreKind, name: String) throws {
        try backend.transaction(.write) { s in
            guard let r = try Self.loadStore(s, kind: kind, name: name) else {
                throw ControlStoreError.notFound("no \(kind.rawValue) store named \"\(name)\"")
            }
            if !r.usedBy.isEmpty {
                let which = r.usedBy.count == 1 ? "share \"\(r.usedBy[0])\"" : "shares " + r.usedBy.map { "\"\($0)\"" }.joined(separator: ", ")
                throw ControlStoreError.inUse("the \(kind.rawValue) store \"\(name)\" is in use by \(which): delete the share first")
            }
            try s.execute("DELETE FROM stores WHERE kind = ? AND name = ?", [.text(kind.rawValue), .text(name)])
        }
    }
}
