import PluginABI
import PluginKit

/// The `dfs_meta_vtable` of the `badgerlike` store: PluginKit's shared
/// shims (`metadataVTable`) over `Store` and `Txn`. No inode limit of its
/// own: statfs is not provided (NULL = unlimited).
let metaVTable = metadataVTable(
    open: { json, _, out, err in openMetadataStore(out, err) { try Store.open(config: json) } },
    reportsCapacity: false
)

extension Store: MetadataBackendStore {
    func beginTransaction(readOnly: Bool) throws -> any MetadataBackendTxn { Txn(store: self, readOnly: readOnly) }
}

extension Txn: MetadataBackendTxn {}
