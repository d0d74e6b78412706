import PluginABI
import PluginKit

/// The `dfs_meta_vtable` of the `memory` store: PluginKit's shared shims
/// (`metadataVTable`) over `Store` and `Txn`, with statfs (max_inodes).
let metaVTable = metadataVTable(
    open: { json, _, out, err in openMetadataStore(out, err) { try Store.open(config: json) } },
    reportsCapacity: true
)

extension Store: MetadataBackendStore {
    func beginTransaction(readOnly: Bool) throws -> any MetadataBackendTxn { Txn(store: self, readOnly: readOnly) }
    func inodeCapacity() throws -> (total: UInt64, free: UInt64) { capacity() }
}

/// The protocol's byte arrays and borrowed buffers over this store's
/// hashed `Bytes` keys.
extension Txn: MetadataBackendTxn {
    func direntLookup(_ dir: UInt64, _ name: [UInt8]) throws -> StoredDirent { try direntLookup(dir, Bytes(name)) }
    func direntInsert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32) throws -> UInt64 {
        try direntInsert(dir, Bytes(name), ino: ino, type: type)
    }
    func direntRemove(_ dir: UInt64, _ name: [UInt8]) throws { try direntRemove(dir, Bytes(name)) }
    func direntList(_ dir: UInt64, after: UInt64, _ emit: (UnsafeRawBufferPointer, StoredDirent) -> Bool) throws {
        try direntList(dir, after: after) { (name: Bytes, v: StoredDirent) in name.array.withUnsafeBytes { emit($0, v) } }
    }
    func rootGet(_ share: [UInt8]) throws -> UInt64 { try rootGet(Bytes(share)) }
    func rootSet(_ share: [UInt8], _ ino: UInt64) throws { try rootSet(Bytes(share), ino) }
    func rootRemove(_ share: [UInt8]) throws { try rootRemove(Bytes(share)) }
    func rootList(_ emit: (UnsafeRawBufferPointer, UInt64) -> Bool) throws {
        try rootList { (name: Bytes, ino: UInt64) in name.array.withUnsafeBytes { emit($0, ino) } }
    }
    func kvGet(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try kvGet(Bytes(key)).withUnsafeBytes(body)
    }
    func kvPut(_ key: [UInt8], _ value: UnsafePointer<UInt8>?, _ len: UInt32) throws { try kvPut(Bytes(key), value, len) }
    func kvDelete(_ key: [UInt8]) throws { try kvDelete(Bytes(key)) }
    func kvScan(from: [UInt8], to: [UInt8]?, _ emit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) throws {
        try kvScan(from: Bytes(from), to: to.map(Bytes.init)) { (k: Bytes, v: [UInt8]) in
            k.array.withUnsafeBytes { kb in v.withUnsafeBytes { emit(kb, $0) } }
        }
    }
}
