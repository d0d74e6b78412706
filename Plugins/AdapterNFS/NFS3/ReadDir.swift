import NFSWire
import NIOCore

/// NFSPROC3_READDIR: names after `cookie`, filling the reply up to the
/// client's `count` bytes exactly (RFC 1813: count bounds the whole
/// READDIR3resok). The host's cookies are stable, so any cookie verifier is
/// accepted and the host's current one is returned. If not even one entry
/// fits: NFS3ERR_TOOSMALL.
enum NFS3ReadDir {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try ReadDir3Args(decoding: args)
        guard let dir = a.dir.host else {
            return call.reply(ReadDir3Res.fail(.badHandle, ReadDir3ResFail(dirAttributes: nil)))
        }
        let limit = min(a.count, UInt32(call.settings.ioSize))
        let empty = ReadDir3ResOK.emptySize(hasDirAttributes: true)
        guard Int(limit) > empty else {
            return call.reply(ReadDir3Res.fail(.tooSmall, ReadDir3ResFail(dirAttributes: nil)))
        }
        call.host.readdir(call.cred, dir, cookie: a.cookie, verifier: a.cookieVerf,
                          maxBytes: limit - UInt32(empty), plus: false) { r in
            switch r {
            case .success(let res):
                let dirAttributes = Fattr3.postOp(res.dirAttr)
                var budget = DirListBudget3(readDirCount: limit, hasDirAttributes: dirAttributes != nil)
                var entries: [Entry3] = []
                entries.reserveCapacity(res.entries.count)
                for e in res.entries {
                    let entry = Entry3(fileid: e.fileid, name: e.name, cookie: e.cookie)
                    guard budget.add(entry) else { break }
                    entries.append(entry)
                }
                if entries.isEmpty && !res.entries.isEmpty {
                    return call.reply(ReadDir3Res.fail(.tooSmall, ReadDir3ResFail(dirAttributes: dirAttributes)))
                }
                let ok = ReadDir3ResOK(dirAttributes: dirAttributes, cookieVerf: res.cookieVerifier, entries: entries,
                                       eof: res.eof && entries.count == res.entries.count)
                call.reply(ReadDir3Res.ok(ok), capacity: 4 + budget.used)
            case .failure(let e):
                call.reply(ReadDir3Res.fail(StatusMap.nfs3(e), ReadDir3ResFail(dirAttributes: nil)))
            }
        }
    }
}
