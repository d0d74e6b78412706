import HostCore
import HostPlugins
import PluginABI

/// What an operation's `prepare` step returns: the share the work belongs
/// to (which decides inline vs pool) and the work itself.
typealias Prepared<R> = (share: UInt64, work: @Sendable () throws(DFSError) -> R)

extension HostServicesTable {
    /// The C table: every member points at a static entry point of this
    /// type. The closures capture nothing, so they convert to C function
    /// pointers; `host` is set by the initializer.
    static func makeTable(host: UnsafeMutableRawPointer?) -> dfs_host_services {
        var t = dfs_host_services()
        t.struct_size = UInt32(MemoryLayout<dfs_host_services>.size)
        t.host = host

        t.log = { host, level, msg in HostServicesTable.log(host, level, msg) }
        t.share_resolve = { host, share, cred, out, err in HostServicesTable.shareResolve(host, share, cred, out, err) }
        t.share_list = { host, cred, cb, ctx, err in HostServicesTable.shareList(host, cred, cb, ctx, err) }

        t.getattr = { host, c, fh, done, ctx in HostServicesTable.getattr(host, c, fh, done, ctx) }
        t.setattr = { host, c, fh, sa, g, done, ctx in HostServicesTable.setattr(host, c, fh, sa, g, done, ctx) }
        t.lookup = { host, c, dir, n, nl, done, ctx in HostServicesTable.lookup(host, c, dir, n, nl, done, ctx) }
        t.access = { host, c, fh, mask, done, ctx in HostServicesTable.access(host, c, fh, mask, done, ctx) }
        t.readlink = { host, c, fh, done, ctx in HostServicesTable.readlink(host, c, fh, done, ctx) }
        t.read = { host, c, fh, off, count, done, ctx in HostServicesTable.read(host, c, fh, off, count, done, ctx) }
        t.write = { host, c, fh, off, data, len, stab, done, ctx in
            HostServicesTable.write(host, c, fh, off, data, len, stab, done, ctx)
        }
        t.create = { host, c, dir, n, nl, how, sa, verf, done, ctx in
            HostServicesTable.create(host, c, dir, n, nl, how, sa, verf, done, ctx)
        }
        t.mkdir = { host, c, dir, n, nl, sa, done, ctx in HostServicesTable.mkdir(host, c, dir, n, nl, sa, done, ctx) }
        t.symlink = { host, c, dir, n, nl, tg, tl, sa, done, ctx in
            HostServicesTable.symlink(host, c, dir, n, nl, tg, tl, sa, done, ctx)
        }
        t.mknod = { host, c, dir, n, nl, type, rdev, sa, done, ctx in
            HostServicesTable.mknod(host, c, dir, n, nl, type, rdev, sa, done, ctx)
        }
        t.remove = { host, c, dir, n, nl, done, ctx in HostServicesTable.remove(host, c, dir, n, nl, done, ctx) }
        t.rmdir = { host, c, dir, n, nl, done, ctx in HostServicesTable.rmdir(host, c, dir, n, nl, done, ctx) }
        t.rename = { host, c, fd, f, fl, td, to, tl, done, ctx in
            HostServicesTable.rename(host, c, fd, f, fl, td, to, tl, done, ctx)
        }
        t.link = { host, c, fh, dir, n, nl, done, ctx in HostServicesTable.link(host, c, fh, dir, n, nl, done, ctx) }
        t.readdir = { host, c, dir, cookie, verf, maxBytes, plus, done, ctx in
            HostServicesTable.readdir(host, c, dir, cookie, verf, maxBytes, plus, done, ctx)
        }
        t.statfs = { host, c, fh, done, ctx in HostServicesTable.statfs(host, c, fh, done, ctx) }
        t.commit = { host, c, fh, off, count, done, ctx in HostServicesTable.commit(host, c, fh, off, count, done, ctx) }
        t.read_into = { host, c, fh, off, count, buf, done, ctx in
            HostServicesTable.readInto(host, c, fh, off, count, buf, done, ctx)
        }
        return t
    }
}
