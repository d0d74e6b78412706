import PluginABI

/// A metadata store written in Swift, served through the C ABI
/// (`dfs_metadata.h`) by `metadataVTable(open:reportsCapacity:)`.
///
/// The vtable does the C side once for every Swift store: NULL checks,
/// name and key validation (`checkName`/`checkKey`), copies that respect
/// the caller's `struct_size`, buffer-size errors, and turning thrown
/// `PluginError`s into statuses. A store implements only its semantics.
/// Names, keys and values handed to callbacks are borrowed for the call.
public protocol MetadataBackendStore: AnyObject {
    /// Begin a transaction; `readOnly` is DFS_TXN_READONLY.
    func beginTransaction(readOnly: Bool) throws -> any MetadataBackendTxn
    /// Reserve `count` consecutive inode numbers; returns the first.
    func allocIDs(_ count: UInt32) throws -> UInt64
    /// Inode capacity for statfs (asked only when the vtable was made with
    /// `reportsCapacity: true`).
    func inodeCapacity() throws -> (total: UInt64, free: UInt64)
}

extension MetadataBackendStore {
    public func inodeCapacity() throws -> (total: UInt64, free: UInt64) { (0, 0) }
}

/// One transaction of a `MetadataBackendStore`; the operations and their
/// errors are those of `dfs_meta_vtable` (see dfs_metadata.h).
public protocol MetadataBackendTxn: AnyObject {
    /// True once committed or aborted: every later call fails CLOSED.
    var finished: Bool { get }
    func commit() throws
    func abort()

    func inodeGet(_ ino: UInt64) throws -> StoredInode
    func inodeCreate(_ inode: UnsafePointer<dfs_inode>?, target: UnsafePointer<UInt8>?, targetLen: UInt32) throws
    func inodeUpdate(_ inode: UnsafePointer<dfs_inode>?) throws
    func inodeDelete(_ ino: UInt64) throws

    func direntLookup(_ dir: UInt64, _ name: [UInt8]) throws -> StoredDirent
    /// Returns the new entry's cookie.
    func direntInsert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32) throws -> UInt64
    func direntRemove(_ dir: UInt64, _ name: [UInt8]) throws
    /// Entries with cookie > `after` in cookie order until `emit` says stop.
    func direntList(_ dir: UInt64, after: UInt64, _ emit: (_ name: UnsafeRawBufferPointer, StoredDirent) -> Bool) throws

    func rootGet(_ share: [UInt8]) throws -> UInt64
    func rootSet(_ share: [UInt8], _ ino: UInt64) throws
    func rootRemove(_ share: [UInt8]) throws
    func rootList(_ emit: (_ share: UnsafeRawBufferPointer, UInt64) -> Bool) throws

    /// Calls `body` with the value (NOENT when absent).
    func kvGet(_ key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws
    func kvPut(_ key: [UInt8], _ value: UnsafePointer<UInt8>?, _ len: UInt32) throws
    func kvDelete(_ key: [UInt8]) throws
    /// Keys in [from, to) ascending (`to` nil: to the end).
    func kvScan(from: [UInt8], to: [UInt8]?,
                _ emit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool) throws
}
