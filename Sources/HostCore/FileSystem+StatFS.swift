import HostPlugins

extension FileSystem {
    /// Byte capacity reported when the payload store cannot tell (1 PiB).
    public static let unknownBytes: UInt64 = 1 << 50
    /// File capacity reported when the metadata store cannot tell (2^32).
    public static let unknownFiles: UInt64 = 1 << 32

    /// Capacity of the share holding `fh`: bytes from the payload store's
    /// statfs, files from the metadata store's, each replaced by a large
    /// constant (`unknownBytes`, `unknownFiles`) when the store has no
    /// statfs or reports "unknown". Available = free (no reserve); a
    /// read-only share reports nothing available.
    public func statfs(_ cred: Credentials, _ fh: FileHandle) throws(DFSError) -> StatFSResult {
        let share = try share(of: fh)
        let attrs = try getattr(cred, fh)
        func known(_ v: (total: UInt64, free: UInt64)?, _ fallback: UInt64) -> (UInt64, UInt64) {
            guard let v, v.total != UInt64.max else { return (fallback, fallback) }
            return (v.total, v.free == UInt64.max ? v.total : min(v.free, v.total))
        }
        let bytes = known(try share.payload.statfs(), Self.unknownBytes)
        let files = known(try share.metadata.statfs(), Self.unknownFiles)
        return StatFSResult(bytesTotal: bytes.0, bytesFree: bytes.1, bytesAvail: share.readOnly ? 0 : bytes.1,
                            filesTotal: files.0, filesFree: files.1, filesAvail: share.readOnly ? 0 : files.1,
                            attributes: attrs)
    }
}
