import Foundation
import HostCache
import HostCore
import HostPlugins

/// The storage side of `dfs start`: the default stores and the default
/// share on the file-system core. (Protocol adapters attach through
/// `ProtocolServices`; the control plane comes in a later milestone.)
final class EmbeddedServer {
    let fileSystem: FileSystem
    let metadata: MetadataStore
    let payload: PayloadStore
    let share: Share

    private init(fileSystem: FileSystem, metadata: MetadataStore, payload: PayloadStore, share: Share) {
        self.fileSystem = fileSystem
        self.metadata = metadata
        self.payload = payload
        self.share = share
    }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Open the stores named by the plugin names and register the default
    /// share (`shareName`, id 1; read-only when asked).
    static func open(registry: PluginRegistry, dataDirectory: String,
                     metadataPlugin: String, payloadPlugin: String,
                     metadataConfig: String? = nil, payloadConfig: String? = nil,
                     shareName: String = Defaults.shareName, readOnly: Bool = false,
                     cache: CacheOptions? = nil) throws -> EmbeddedServer {
        guard let mp = registry.plugin(kind: .metadata, name: metadataPlugin) else {
            throw StartError(description: "no metadata store plugin named \"\(metadataPlugin)\" was loaded; available: \(names(registry, .metadata)) (see `dfs plugins`)")
        }
        guard let pp = registry.plugin(kind: .payload, name: payloadPlugin) else {
            throw StartError(description: "no payload store plugin named \"\(payloadPlugin)\" was loaded; available: \(names(registry, .payload)) (see `dfs plugins`)")
        }
        let payloadDir = (dataDirectory as NSString).appendingPathComponent("payload")
        let metadata: MetadataStore
        let payload: PayloadStore
        do {
            metadata = try MetadataStore(plugin: mp, config: metadataConfig ?? Self.metadataConfig(mp, dataDirectory: dataDirectory))
        } catch {
            throw StartError(description: "cannot open metadata store \"\(metadataPlugin)\": \(error)")
        }
        do {
            payload = try PayloadStore(plugin: pp, config: payloadConfig ?? (pp.name == "fs" ? jsonObject(["path": payloadDir]) : "{}"))
        } catch {
            throw StartError(description: "cannot open payload store \"\(payloadPlugin)\": \(error)")
        }
        let fs = FileSystem()
        let share: Share
        do {
            share = try fs.addShare(name: shareName, id: 1, metadata: metadata, payload: payload,
                                    options: ShareOptions(readOnly: readOnly, cache: cache))
        } catch {
            payload.close()
            metadata.close()
            throw StartError(description: "cannot register share \"\(shareName)\": \(error)")
        }
        return EmbeddedServer(fileSystem: fs, metadata: metadata, payload: payload, share: share)
    }

    /// One line describing what is being served.
    var statusLine: String {
        let persistent = metadata.plugin.isPersistent ? "persistent" : "NOT persistent: the namespace is lost on exit"
        return "share \(share.name)\(share.readOnly ? " (read-only)" : ""): metadata \"\(metadata.name)\" (\(persistent)), payload \"\(payload.name)\"\(share.cache.map { ", cache \($0.options.directory) (\($0.sizeBytes) bytes\($0.remoteDurable ? ", remote-durable" : ""))" } ?? ""), block size \(share.blockSize) bytes, root handle \(share.root.encode().map { String(format: "%02x", $0) }.joined())"
    }

    func close() {
        _ = fileSystem.removeShare(id: share.id)
        payload.close()
        metadata.close()
    }

    private static func names(_ r: PluginRegistry, _ kind: PluginKind) -> String {
        let n = r.all.filter { $0.kind == kind }.map(\.name)
        return n.isEmpty ? "none" : n.joined(separator: ", ")
    }

    /// The embedded configuration of a metadata store: persistent stores that
    /// keep files (badgerlike) live under `<data-dir>/metadata`.
    static func metadataConfig(_ p: LoadedPlugin, dataDirectory: String) -> String {
        switch p.name {
        case "badgerlike":
            return jsonObject(["path": (dataDirectory as NSString).appendingPathComponent("metadata")])
        default:
            return "{}"
        }
    }

    private static func jsonObject(_ d: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
