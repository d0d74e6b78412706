/// The argument of MNT and UMNT: a dirpath (`string<MNTPATHLEN>`), the
/// server path of an export, as raw bytes.
public struct DirPath3: WireCodable, Hashable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    /// The UTF-8 bytes of `path`.
    public init(_ path: String) { bytes = Array(path.utf8) }

    public init(from reader: inout XDRReader) throws(XDRError) {
        bytes = try reader.string(maximum: MOUNT3.maxPathLength)
    }

    public func encode(into writer: inout XDRWriter) { writer.opaque(bytes) }
}

/// MOUNTPROC3_MNT's argument: the path to mount.
public typealias Mnt3Args = DirPath3

/// mountres3_ok: the export's root handle and the RPC auth flavors the
/// server accepts for it (e.g. 1 for AUTH_UNIX), most preferred first.
public struct MountRes3OK: WireCodable, Hashable {
    /// fhandle3: `opaque<FHSIZE3>`, the same shape as nfs_fh3.
    public var fhandle: FileHandle3
    /// `int auth_flavors<>`.
    public var authFlavors: [Int32]

    public init(fhandle: FileHandle3, authFlavors: [Int32]) {
        self.fhandle = fhandle
        self.authFlavors = authFlavors
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fhandle = try FileHandle3(from: &reader)
        authFlavors = try WireList.decodeCounted(&reader, minimumSize: 4)
    }

    public func encode(into writer: inout XDRWriter) {
        fhandle.encode(into: &writer)
        WireList.encodeCounted(&writer, authFlavors)
    }
}

/// mountres3: `union switch (mountstat3 fhs_status) { case MNT3_OK:
/// mountres3_ok mountinfo; default: void; }`.
public enum Mnt3Res: WireCodable, Hashable {
    /// MNT3_OK with the mount information.
    case ok(MountRes3OK)
    /// Any other status (must not be `.ok`: encoded as MNT3ERR_SERVERFAULT,
    /// and asserted in debug builds).
    case fail(MountStat3)

    /// The status word.
    public var status: MountStat3 {
        switch self {
        case .ok: .ok
        case .fail(let status): status
        }
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        let status = try MountStat3(from: &reader)
        self = status == .ok ? .ok(try MountRes3OK(from: &reader)) : .fail(status)
    }

    public func encode(into writer: inout XDRWriter) {
        switch self {
        case .ok(let info):
            MountStat3.ok.encode(into: &writer)
            info.encode(into: &writer)
        case .fail(let status):
            assert(status != .ok, "Mnt3Res.fail with status MNT3_OK")
            (status == .ok ? MountStat3.serverFault : status).encode(into: &writer)
        }
    }
}
