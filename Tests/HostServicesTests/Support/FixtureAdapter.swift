import Foundation
import HostPlugins

/// A tiny adapter plugin in plain C, compiled at test time with the system
/// compiler against the public header only (the way a third party builds
/// one). It exercises `AdapterInstance` and calls the host services from C:
/// on start it resolves "/export" and getattrs its root, and its status JSON
/// reports what came back.
///
/// Settings it understands (by substring, it is a fixture): "bogus" ->
/// create fails with DFS_ERR_INVAL naming the key; "busy" -> start fails
/// with DFS_ERR_BUSY ("address already in use"); "big" -> a status JSON
/// larger than the host's first buffer (so the host must grow it).
enum FixtureAdapter {
    static let source = #"""
    #include "dfs_abi.h"
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>

    struct dfs_adapter {
        const dfs_host_services *svc;
        int busy, big;
        int started, stops;
        dfs_status resolve_status;
        uint64_t share_id;
        dfs_cred cred;
        dfs_fh root;
        int done_calls;
        int getattr_status;
        uint32_t root_type;
    };

    __attribute__((visibility("default"))) int fixture_adapter_destroyed = 0;

    static void on_getattr(void *ctx, dfs_status st, const void *result, const char *detail) {
        struct dfs_adapter *a = ctx;
        (void)detail;
        if (st == DFS_OK && result != NULL) a->root_type = ((const dfs_attr *)result)->type;
        a->getattr_status = st;
        __atomic_add_fetch(&a->done_calls, 1, __ATOMIC_SEQ_CST);
    }

    static dfs_status fx_create(const char *settings, const dfs_host_info *host, const dfs_host_services *svc,
                                dfs_adapter **out, dfs_error *err) {
        (void)host;
        if (settings == NULL || svc == NULL || out == NULL) return dfs_error_set(err, DFS_ERR_INVAL, "NULL argument");
        if (strstr(settings, "\"bogus\"")) return dfs_error_set(err, DFS_ERR_INVAL, "unknown setting \"bogus\"");
        if (svc->struct_size < sizeof(dfs_host_services)) return dfs_error_set(err, DFS_ERR_VERSION, "host services too small");
        struct dfs_adapter *a = calloc(1, sizeof *a);
        if (!a) return dfs_error_set(err, DFS_ERR_NOMEM, "calloc");
        a->svc = svc;
        a->busy = strstr(settings, "\"busy\"") != NULL;
        a->big = strstr(settings, "\"big\"") != NULL;
        a->resolve_status = -1;
        a->getattr_status = -1;
        *out = a;
        return DFS_OK;
    }

    static dfs_status fx_start(dfs_adapter *a, dfs_error *err) {
        if (a->busy) return dfs_error_set(err, DFS_ERR_BUSY, "bind 0.0.0.0:12049: address already in use");
        memset(&a->cred, 0, sizeof a->cred);
        a->cred.struct_size = sizeof a->cred;
        a->cred.flavor = DFS_AUTH_SYS;
        a->cred.uid = 1000;
        a->cred.gid = 1000;
        a->cred.client_addr = "127.0.0.1";
        a->cred.client_port = 800;
        dfs_share_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        char msg[128] = "";
        dfs_error e = { sizeof e, 0, msg, sizeof msg };
        a->resolve_status = a->svc->share_resolve(a->svc->host, "/export", &a->cred, &info, &e);
        if (a->resolve_status == DFS_OK) {
            a->share_id = info.share_id;
            a->root = info.root;
            a->svc->getattr(a->svc->host, &a->cred, &a->root, on_getattr, a);
        }
        a->svc->log(a->svc->host, DFS_LOG_DEBUG, "fixture adapter started");
        a->started = 1;
        return DFS_OK;
    }

    static dfs_status fx_stop(dfs_adapter *a, uint32_t timeout_ms, dfs_error *err) {
        (void)timeout_ms; (void)err;
        a->stops++;
        a->started = 0;
        return DFS_OK;
    }

    static dfs_status fx_status(dfs_adapter *a, char *buf, uint32_t cap, uint32_t *len, dfs_error *err) {
        static char pad[10001];
        memset(pad, 'x', 10000);
        pad[10000] = 0;
        char tmp[10400];
        int n = snprintf(tmp, sizeof tmp,
                         "{\"started\":%d,\"stops\":%d,\"resolve\":%d,\"share_id\":%llu,\"getattr\":%d,\"root_type\":%u,\"done_calls\":%d,\"pad\":\"%s\"}",
                         a->started, a->stops, a->resolve_status, (unsigned long long)a->share_id, a->getattr_status,
                         a->root_type, __atomic_load_n(&a->done_calls, __ATOMIC_SEQ_CST), a->big ? pad : "");
        if (n < 0) return dfs_error_set(err, DFS_ERR_INTERNAL, "snprintf");
        *len = (uint32_t)n;
        if ((uint32_t)n > cap) return dfs_error_set(err, DFS_ERR_RANGE, "need %d bytes", n);
        memcpy(buf, tmp, (size_t)n);
        return DFS_OK;
    }

    static void fx_destroy(dfs_adapter *a) {
        fixture_adapter_destroyed++;
        free(a);
    }

    static const dfs_adapter_vtable VT = {
        sizeof(dfs_adapter_vtable), 0, fx_create, fx_start, fx_stop, fx_status, fx_destroy, NULL
    };

    static const dfs_plugin_descriptor DESC = {
        sizeof(dfs_plugin_descriptor), DFS_ABI_MAJOR, DFS_ABI_MINOR, DFS_KIND_ADAPTER,
        "fixture-adapter", "1.0.0", "HostServicesTests fixture adapter", 0, &VT
    };

    __attribute__((visibility("default")))
    const dfs_plugin_descriptor *dfs_plugin_entry(const dfs_host_info *host) {
        (void)host;
        return &DESC;
    }
    """#

    static let repoRoot: String =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path

    struct BuildError: Error, CustomStringConvertible { let description: String }

    /// Build once per test process and load into the test registry.
    static let plugin: Result<(LoadedPlugin, String), BuildError> = {
        do {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-hs-adapter-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let src = dir + "/fixture_adapter.c", out = dir + "/libfixture_adapter.so"
            try source.write(toFile: src, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["cc", "-std=c11", "-Wall", "-Wextra", "-shared", "-fPIC", "-fvisibility=hidden",
                           "-I", repoRoot + "/Sources/PluginABI/include", "-o", out, src]
            let err = Pipe()
            p.standardError = err
            try p.run()
            p.waitUntilExit()
            let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard p.terminationStatus == 0 else { return .failure(BuildError(description: "cc failed: \(msg)")) }
            return .success((try TestPlugins.registry.load(path: out), out))
        } catch {
            return .failure(BuildError(description: "\(error)"))
        }
    }()

    /// `fixture_adapter_destroyed` of the loaded library.
    static func destroyedCount() -> Int32 {
        guard case .success(let (_, path)) = plugin, let h = dlopen(path, RTLD_NOW | RTLD_NOLOAD),
              let sym = dlsym(h, "fixture_adapter_destroyed") else { return -1 }
        defer { dlclose(h) }
        return sym.load(as: Int32.self)
    }
}
