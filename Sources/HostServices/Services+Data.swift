import HostCore
import HostPlugins
import PluginABI

// Asynchronous data operations: read, write, commit.

extension HostServicesTable {
    /// `read` -> `dfs_read_result` (data borrowed for the callback). The
    /// core caps one read at `FileSystem.maxReadSize` (a short read without
    /// eof).
    static func read(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                     _ offset: UInt64, _ count: UInt32, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "read") { (t) throws(DFSError) -> Prepared<ReadResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            let m = t.metrics
            return (h.shareID, { () throws(DFSError) -> ReadResult in
                let r = try fs.read(cred, h, offset: offset, count: count)
                m.bytesRead.increment(by: r.data.count)
                return r
            })
        }
    }

    /// `read_into` -> `dfs_read_result` whose data is the adapter's `buf`
    /// (at least `count` bytes, valid until done): the payload store reads
    /// straight into it, no copy.
    static func readInto(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                         _ offset: UInt64, _ count: UInt32, _ buf: UnsafeMutablePointer<UInt8>?,
                         _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "read_into") { (t) throws(DFSError) -> Prepared<ReadIntoCResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            let n = Int(min(count, FileSystem.maxReadSize))
            guard let buf else {
                if n > 0 { throw DFSError(.inval, "read_into: NULL buffer") }
                return (h.shareID, { () throws(DFSError) -> ReadIntoCResult in
                    ReadIntoCResult(data: nil, result: try fs.read(cred, h, offset: offset, count: 0,
                                                                    into: UnsafeMutableRawBufferPointer(start: nil, count: 0)))
                })
            }
            let target = BorrowedMutableBytes(buffer: UnsafeMutableRawBufferPointer(start: buf, count: n))
            let m = t.metrics
            return (h.shareID, { () throws(DFSError) -> ReadIntoCResult in
                let r = ReadIntoCResult(data: UnsafeRawPointer(target.buffer.baseAddress),
                                        result: try fs.read(cred, h, offset: offset, count: count, into: target.buffer))
                m.bytesRead.increment(by: Int(r.result.count))
                return r
            })
        }
    }

    /// `write` -> `dfs_write_result`. `data` is read in place (from the
    /// worker thread on the pool path), never copied: the adapter keeps it
    /// valid until done. `stability` is `DFS_UNSTABLE`/`DATA_SYNC`/`FILE_SYNC`.
    static func write(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                      _ offset: UInt64, _ data: UnsafePointer<UInt8>?, _ len: UInt32, _ stability: UInt32,
                      _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "write") { (t) throws(DFSError) -> Prepared<WriteResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID, write: true)
            let bytes = try Inputs.data(data, len)
            let level = try Inputs.stability(stability)
            let fs = t.fileSystem
            let m = t.metrics
            return (h.shareID, { () throws(DFSError) -> WriteResult in
                let r = try fs.write(cred, h, offset: offset, data: bytes.buffer, stability: level)
                m.bytesWritten.increment(by: Int(r.count))
                return r
            })
        }
    }

    /// `commit` -> `dfs_write_result` with count 0.
    static func commit(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                       _ offset: UInt64, _ count: UInt64, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "commit") { (t) throws(DFSError) -> Prepared<WriteResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> WriteResult in try fs.commit(cred, h, offset: offset, count: count) })
        }
    }
}
