import NFSWire
import PluginABI

/// The shared result of CREATE, MKDIR, SYMLINK and MKNOD (and the failure
/// arm, the directory's WCC data).
enum NewObject {
    /// Answers `call` from a host entry result.
    static func reply(_ call: Call, _ r: HostResult<dfs_entry_result>) {
        switch r {
        case .success(let e):
            call.reply(NFS3Result<NewObject3ResOK, DirWcc3>.ok(NewObject3ResOK(
                obj: FileHandle3(e.fh), objAttributes: Fattr3.postOp(e.attr), dirWcc: WccData3(e.dir))))
        case .failure(let e):
            call.reply(NFS3Result<NewObject3ResOK, DirWcc3>.fail(StatusMap.nfs3(e), DirWcc3(dirWcc: .empty)))
        }
    }

    /// Answers NFS3ERR_BADHANDLE.
    static func badHandle(_ call: Call) {
        call.reply(NFS3Result<NewObject3ResOK, DirWcc3>.fail(.badHandle, DirWcc3(dirWcc: .empty)))
    }
}
