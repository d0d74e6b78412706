import ControlModels
import Foundation
import ControlStore
import HostPlugins
import HostServices
import ServerRuntime

// Named stores: a configuration is proven by opening it before it is kept.

extension ControlPlane {
    public func listStores(_ kind: StoreKind) throws -> [Store] {
        try db.listStores(kind: kind).map(model)
    }

    public func store(_ kind: StoreKind, _ name: String) throws -> Store {
        try model(db.store(kind: kind, name: name))
    }

    /// Open the store (the plugin validates its configuration), then keep
    /// it in the database. A refused configuration leaves nothing behind.
    public func addStore(_ kind: StoreKind, _ request: StoreCreate) throws -> Store {
        try changing {
            try Names.validateStore(request.name)
            let config = request.config ?? .object([:])
            guard case .object = config else {
                throw ControlError(.invalid, "the configuration of a store is a JSON object, not \(config.typeName)")
            }
            if (try? db.store(kind: kind, name: request.name)) != nil {
                throw ControlStoreError.alreadyExists("a \(kind.rawValue) store named \"\(request.name)\" exists already")
            }
            try runtime.openStore(StoreSpec(kind: kind.pluginKind, name: request.name, type: request.type, config: config.text))
            do {
                let record = try db.addStore(kind: kind, name: request.name, type: request.type, config: config.text)
                storeErrors.remove(kind, request.name)
                return model(record)
            } catch {
                try? runtime.closeStore(kind: kind.pluginKind, name: request.name)
                throw error
            }
        }
    }

    /// Remove a store: refused while a share uses it.
    public func removeStore(_ kind: StoreKind, _ name: String) throws {
        try changing {
            try db.removeStore(kind: kind, name: name)
            do {
                try runtime.closeStore(kind: kind.pluginKind, name: name)
            } catch let e as RuntimeError where e.kind == .notFound {
                // it failed to open at start: nothing to close
            }
            storeErrors.remove(kind, name)
        }
    }

    /// "open", "error: <why it did not open>", or "closed".
    func storeStatus(_ kind: StoreKind, _ name: String) -> String {
        if runtime.isStoreOpen(kind: kind.pluginKind, name: name) { return "open" }
        if let e = storeErrors.get(kind, name) { return "error: \(e)" }
        return "closed"
    }

    func model(_ r: StoreRecord) -> Store {
        let config = (try? JSON.parse(r.config)) ?? .object([:])
        return Store(name: r.name, kind: r.kind, type: r.type, config: Redaction.redact(config),
                     status: storeStatus(r.kind, r.name), usedBy: r.usedBy)
    }

    public func plugins() -> [Plugin] {
        runtime.registry.all.map(Self.model)
    }

    public func rescanPlugins() -> PluginRescan {
        let r = runtime.rescanPlugins()
        return PluginRescan(plugins: plugins(), added: r.added, rejected: r.rejected)
    }

    static func model(_ p: LoadedPlugin) -> Plugin {
        Plugin(kind: "\(p.kind)", name: p.name, version: p.version, abi: "\(p.abiMajor).\(p.abiMinor)",
               capabilities: p.capabilityList, file: p.path)
    }
}

extension StoreKind {
    var pluginKind: PluginKind { self == .metadata ? .metadata : .payload }
}

extension JSON {
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Why stores failed to open at start, by kind and name.
final class StoreErrors: @unchecked Sendable {
    private var errors: [String: String] = [:]
    private let lock = NSLock()
    func set(_ k: StoreKind, _ n: String, _ m: String) { lock.withLock { errors["\(k.rawValue)/\(n)"] = m } }
    func get(_ k: StoreKind, _ n: String) -> String? { lock.withLock { errors["\(k.rawValue)/\(n)"] } }
    func remove(_ k: StoreKind, _ n: String) { lock.withLock { _ = errors.removeValue(forKey: "\(k.rawValue)/\(n)") } }
}
