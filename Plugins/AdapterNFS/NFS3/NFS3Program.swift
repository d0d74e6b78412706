import NFSWire

/// NFS version 3 (program 100003): the 22 procedures, by number.
enum NFS3Program {
    static let program = Program(name: "NFS3", number: NFS3.program, version: NFS3.version, procedures: [
        Procedure(name: "NULL", idempotent: true, run: NFS3Null.run),
        Procedure(name: "GETATTR", idempotent: true, run: NFS3GetAttr.run),
        Procedure(name: "SETATTR", idempotent: false, run: NFS3SetAttr.run),
        Procedure(name: "LOOKUP", idempotent: true, run: NFS3Lookup.run),
        Procedure(name: "ACCESS", idempotent: true, run: NFS3Access.run),
        Procedure(name: "READLINK", idempotent: true, run: NFS3ReadLink.run),
        Procedure(name: "READ", idempotent: true, run: NFS3Read.run),
        Procedure(name: "WRITE", idempotent: false, run: NFS3Write.run),
        Procedure(name: "CREATE", idempotent: false, run: NFS3Create.run),
        Procedure(name: "MKDIR", idempotent: false, run: NFS3MkDir.run),
        Procedure(name: "SYMLINK", idempotent: false, run: NFS3SymLink.run),
        Procedure(name: "MKNOD", idempotent: false, run: NFS3MkNod.run),
        Procedure(name: "REMOVE", idempotent: false, run: NFS3Remove.run),
        Procedure(name: "RMDIR", idempotent: false, run: NFS3RmDir.run),
        Procedure(name: "RENAME", idempotent: false, run: NFS3Rename.run),
        Procedure(name: "LINK", idempotent: false, run: NFS3Link.run),
        Procedure(name: "READDIR", idempotent: true, run: NFS3ReadDir.run),
        Procedure(name: "READDIRPLUS", idempotent: true, run: NFS3ReadDirPlus.run),
        Procedure(name: "FSSTAT", idempotent: true, run: NFS3FSStat.run),
        Procedure(name: "FSINFO", idempotent: true, run: NFS3FSInfo.run),
        Procedure(name: "PATHCONF", idempotent: true, run: NFS3PathConf.run),
        Procedure(name: "COMMIT", idempotent: true, run: NFS3Commit.run),
    ])
}
