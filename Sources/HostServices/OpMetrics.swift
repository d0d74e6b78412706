import CoreMetrics
import HostPlugins
import Synchronization

/// swift-metrics instruments of the host services, one set per operation
/// name (getattr, read, write, ...): protocol-neutral, so every adapter's
/// requests are counted the same way. Exported by whatever metrics backend
/// the process bootstraps (Prometheus in `dfs start`); no-ops otherwise.
///
/// - `dfs_operation_duration_seconds{op}`: from the adapter's call to the
///   result (queueing on the worker pool included), a histogram.
/// - `dfs_operation_errors_total{op,status}`: failed operations.
/// - `dfs_bytes_read_total`, `dfs_bytes_written_total`: payload bytes.
final class OpMetrics: Sendable {
    private let timers = Mutex<[String: Timer]>([:])
    private let errors = Mutex<[String: Counter]>([:])
    let bytesRead = Counter(label: "dfs_bytes_read_total")
    let bytesWritten = Counter(label: "dfs_bytes_written_total")

    func timer(_ op: StaticString) -> Timer {
        let name = op.description
        return timers.withLock { t in
            if let x = t[name] { return x }
            let x = Timer(label: "dfs_operation_duration_seconds", dimensions: [("op", name)], preferredDisplayUnit: .seconds)
            t[name] = x
            return x
        }
    }

    func failed(_ op: StaticString, _ status: DFSStatus) {
        let key = "\(op)/\(status.name)"
        let c = errors.withLock { e in
            if let x = e[key] { return x }
            let x = Counter(label: "dfs_operation_errors_total", dimensions: [("op", op.description), ("status", status.name)])
            e[key] = x
            return x
        }
        c.increment()
    }
}
