import NFSWire
import NIOCore

/// NFSPROC3_READDIRPLUS: names with handles and attributes after `cookie`,
/// filling the reply up to `maxcount` bytes exactly. `dircount` is not
/// enforced (as in the Linux server): Linux clients send maxcount/8, which
/// would cut every reply to an eighth of what the client can take. If not
/// even one entry fits: NFS3ERR_TOOSMALL.
enum NFS3ReadDirPlus {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try ReadDirPlus3Args(decoding: args)
        guard let dir = a.dir.host else {
            return call.reply(ReadDirPlus3Res.fail(.badHandle, ReadDirPlus3ResFail(dirAttributes: nil)))
        }
        let limit = min(a.maxCount, UInt32(call.settings.ioSize))
        let empty = ReadDirPlus3ResOK.emptySize(hasDirAttributes: true)
        guard Int(limit) > empty else {
            return call.reply(ReadDirPlus3Res.fail(.tooSmall, ReadDirPlus3ResFail(dirAttributes: nil)))
        }
        call.host.readdir(call.cred, dir, cookie: a.cookie, verifier: a.cookieVerf,
                          maxBytes: limit - UInt32(empty), plus: true) { r in
            switch r {
            case .success(let res):
                let dirAttributes = Fattr3.postOp(res.dirAttr)
                var budget = DirListBudget3(dirCount: a.dirCount, maxCount: limit,
                                            hasDirAttributes: dirAttributes != nil, enforceDirCount: false)
                var entries: [EntryPlus3] = []
                entries.reserveCapacity(res.entries.count)
                for e in res.entries {
                    let entry = EntryPlus3(
                        fileid: e.fileid, name: e.name, cookie: e.cookie,
                        nameAttributes: e.plus.flatMap { Fattr3.postOp($0.attr) },
                        nameHandle: e.plus.map { FileHandle3($0.fh) })
                    guard budget.add(entry) else { break }
                    entries.append(entry)
                }
                if entries.isEmpty && !res.entries.isEmpty {
                    return call.reply(ReadDirPlus3Res.fail(.tooSmall, ReadDirPlus3ResFail(dirAttributes: dirAttributes)))
                }
                let ok = ReadDirPlus3ResOK(dirAttributes: dirAttributes, cookieVerf: res.cookieVerifier,
                                           entries: entries, eof: res.eof && entries.count == res.entries.count)
                call.reply(ReadDirPlus3Res.ok(ok), capacity: 4 + budget.used)
            case .failure(let e):
                call.reply(ReadDirPlus3Res.fail(StatusMap.nfs3(e), ReadDirPlus3ResFail(dirAttributes: nil)))
            }
        }
    }
}
