import ControlModels
import CoreMetrics
import Foundation
import Hummingbird
import NIOCore
import Prometheus

/// Prometheus metrics (`GET /metrics` on the metrics port):
/// - everything recorded through swift-metrics in this process: the host
///   services' `dfs_operation_duration_seconds{op}` histograms,
///   `dfs_operation_errors_total`, `dfs_bytes_read_total`,
///   `dfs_bytes_written_total`, the stores' `dfs_store_operation_duration_seconds`,
///   the payload caches' `dfs_cache_*{share}` (docs/CACHE.md "Metrics");
/// - sampled at scrape time from each running adapter's status document:
///   `dfs_adapter_connections{adapter}`, `dfs_adapter_requests_total{adapter,procedure}`,
///   `dfs_adapter_bytes_total{adapter,direction}`, `dfs_adapter_up{adapter}`.
public enum MetricsEndpoint {
    /// The process-wide registry; the first use bootstraps swift-metrics
    /// with it (call before the instruments are created, i.e. before the
    /// runtime is built).
    public static let registry: PrometheusCollectorRegistry = {
        let r = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: r)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return r
    }()

    static func router(plane: ControlPlane) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("metrics") { _, _ in
            var text = registry.emitToString()
            text += adapterMetrics(plane)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// Prometheus text lines for the adapters' own counters.
    static func adapterMetrics(_ plane: ControlPlane) -> String {
        var up: [String] = [], conns: [String] = [], reqs: [String] = [], bytes: [String] = []
        for type in (plane.runtime.registry.all.filter { $0.kind == .adapter }.map(\.name)) {
            let state = plane.runtime.adapterState(type: type)
            guard case .running(_, let status) = state, let doc = try? JSON.parse(status) else {
                up.append("dfs_adapter_up{adapter=\"\(esc(type))\"} 0")
                continue
            }
            up.append("dfs_adapter_up{adapter=\"\(esc(type))\"} 1")
            if case .int(let n)? = doc["connections"]?["open"] { conns.append("dfs_adapter_connections{adapter=\"\(esc(type))\"} \(n)") }
            if case .object(let procs)? = doc["requests"]?["by_procedure"] {
                for (p, v) in procs.sorted(by: { $0.key < $1.key }) {
                    if case .int(let n) = v { reqs.append("dfs_adapter_requests_total{adapter=\"\(esc(type))\",procedure=\"\(esc(p))\"} \(n)") }
                }
            }
            for (key, dir) in [("bytes_in", "in"), ("bytes_out", "out")] {
                if case .int(let n)? = doc[key] { bytes.append("dfs_adapter_bytes_total{adapter=\"\(esc(type))\",direction=\"\(dir)\"} \(n)") }
            }
        }
        var out = ""
        func section(_ name: String, _ type: String, _ help: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" + lines.joined(separator: "\n") + "\n"
        }
        section("dfs_adapter_up", "gauge", "1 when the protocol adapter is running.", up)
        section("dfs_adapter_connections", "gauge", "Open client connections.", conns)
        section("dfs_adapter_requests_total", "counter", "Requests by protocol procedure.", reqs)
        section("dfs_adapter_bytes_total", "counter", "Bytes received and sent by the adapter.", bytes)
        return out
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
