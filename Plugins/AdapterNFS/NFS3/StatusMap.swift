import NFSWire
import PluginABI

/// THE table from host statuses (`dfs_status`, dfs_common.h) to NFSv3
/// statuses. Every NFS3 procedure maps its host errors through here.
///
/// Choices where NFSv3 has no exact counterpart:
/// - LOOP → NFS3ERR_IO. RFC 1813 has no ELOOP; Linux's nfsd also answers
///   a symlink loop met while resolving with an I/O-class error, and
///   clients show IO as "Input/output error", which is at least honest that
///   the server could not finish. (INVAL would tell the client its request
///   was malformed, which it was not.)
/// - RANGE → NFS3ERR_TOOSMALL: the only RANGE an adapter sees is a READDIR
///   buffer too small for one entry.
/// - BUSY → NFS3ERR_NOT_SYNC: the host uses BUSY for a failed SETATTR
///   ctime guard (sattrguard3).
/// - RETRY and AGAIN → NFS3ERR_JUKEBOX: transient; the client retries later.
/// - NOMEM, CLOSED, VERSION, INTERNAL and any code this table does not know
///   (a newer host) → NFS3ERR_SERVERFAULT.
enum StatusMap {
    static func nfs3(_ status: dfs_status) -> NFSStat3 {
        switch Int(status) {
        case Int(DFS_OK): .ok
        case Int(DFS_ERR_NOENT): .noent
        case Int(DFS_ERR_EXIST): .exist
        case Int(DFS_ERR_NOTEMPTY): .notEmpty
        case Int(DFS_ERR_NOTDIR): .notdir
        case Int(DFS_ERR_ISDIR): .isdir
        case Int(DFS_ERR_INVAL): .inval
        case Int(DFS_ERR_NOSPC): .nospc
        case Int(DFS_ERR_STALE): .stale
        case Int(DFS_ERR_BADHANDLE): .badHandle
        case Int(DFS_ERR_IO): .io
        case Int(DFS_ERR_RETRY): .jukebox
        case Int(DFS_ERR_PERM): .perm
        case Int(DFS_ERR_ACCES): .acces
        case Int(DFS_ERR_NAMETOOLONG): .nameTooLong
        case Int(DFS_ERR_ROFS): .rofs
        case Int(DFS_ERR_NOTSUP): .notSupp
        case Int(DFS_ERR_FBIG): .fbig
        case Int(DFS_ERR_XDEV): .xdev
        case Int(DFS_ERR_MLINK): .mlink
        case Int(DFS_ERR_LOOP): .io
        case Int(DFS_ERR_RANGE): .tooSmall
        case Int(DFS_ERR_BUSY): .notSync
        case Int(DFS_ERR_AGAIN): .jukebox
        case Int(DFS_ERR_NOMEM): .serverFault
        case Int(DFS_ERR_DQUOT): .dquot
        case Int(DFS_ERR_NXIO): .nxio
        default: .serverFault
        }
    }

    static func nfs3(_ error: HostError) -> NFSStat3 { nfs3(error.status) }

    /// MOUNT3 statuses (MNT only): the few mountstat3 has; the rest are
    /// MNT3ERR_SERVERFAULT.
    static func mount3(_ status: dfs_status) -> MountStat3 {
        switch Int(status) {
        case Int(DFS_OK): .ok
        case Int(DFS_ERR_NOENT), Int(DFS_ERR_STALE): .noent
        case Int(DFS_ERR_ACCES): .acces
        case Int(DFS_ERR_PERM): .perm
        case Int(DFS_ERR_NOTDIR): .notdir
        case Int(DFS_ERR_INVAL): .inval
        case Int(DFS_ERR_NAMETOOLONG): .nameTooLong
        case Int(DFS_ERR_IO): .io
        case Int(DFS_ERR_NOTSUP): .notSupp
        default: .serverFault
        }
    }
}
