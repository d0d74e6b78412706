import PluginABI
import PluginKit

/// The adapter behind an opaque `dfs_adapter *`.
@inline(__always)
private func adapter(_ p: OpaquePointer?) throws -> NFSAdapter {
    guard let p else { throw PluginError.inval("nfs: NULL adapter") }
    return Opaque.get(p, as: NFSAdapter.self)
}

/// The `dfs_adapter_vtable` of the `nfs` adapter: thin C shims over
/// `NFSAdapter`. `reconfigure` is NULL: every setting change needs a restart,
/// which the host does with stop/destroy/create/start.
let adapterVTable = dfs_adapter_vtable(
    struct_size: structSize(dfs_adapter_vtable.self),
    reserved: 0,
    create: { json, _, services, out, err in
        pluginCall(err) {
            guard let out else { throw PluginError.inval("nfs: NULL out pointer") }
            guard let services else { throw PluginError.inval("nfs: NULL host services") }
            let minimum = MemoryLayout<dfs_host_services>.offset(of: \.getattr)!
            if Int(services.pointee.struct_size) < minimum {
                throw PluginError.inval("nfs: host services table of \(services.pointee.struct_size) bytes is too small")
            }
            let settings = try Settings(json: json)
            out.pointee = Opaque.retain(NFSAdapter(settings: settings, services: services))
        }
    },
    start: { a, err in
        pluginCall(err) { try adapter(a).start() }
    },
    stop: { a, timeoutMs, err in
        pluginCall(err) { try adapter(a).stop(timeoutMs: timeoutMs) }
    },
    status: { a, buf, cap, len, err in
        pluginCall(err) {
            let json = Array(try adapter(a).statusJSON().utf8)
            // *len: the JSON's length on success, the bytes needed (with
            // the NUL) when the buffer is too small.
            let needed = UInt32(json.count + 1)
            guard let buf, cap >= needed else {
                len?.pointee = needed
                throw PluginError.range("nfs: status needs \(needed) bytes, buffer has \(cap)")
            }
            len?.pointee = UInt32(json.count)
            json.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buf).copyMemory(from: src.baseAddress!, byteCount: src.count)
            }
            buf[json.count] = 0
        }
    },
    destroy: { a in
        guard let a else { return }
        // stop() has returned (host contract); close stops again in case it was not called.
        Opaque.get(a, as: NFSAdapter.self).close()
        Opaque.release(a, as: NFSAdapter.self)
    },
    reconfigure: nil
)
