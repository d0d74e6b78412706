import NFSWire

/// MOUNT version 3 (program 100005), served on the NFS port.
enum MountProgram {
    static let number = MOUNT3.program
    static let program = Program(name: "MOUNT3", number: MOUNT3.program, version: MOUNT3.version, procedures: [
        Procedure(name: "NULL", idempotent: true, run: Mount3Null.run),
        Procedure(name: "MNT", idempotent: true, run: Mount3Mnt.run),
        Procedure(name: "DUMP", idempotent: true, run: Mount3Dump.run),
        Procedure(name: "UMNT", idempotent: true, run: Mount3Umnt.run),
        Procedure(name: "UMNTALL", idempotent: true, run: Mount3UmntAll.run),
        Procedure(name: "EXPORT", idempotent: true, run: Mount3Export.run),
    ])
}
