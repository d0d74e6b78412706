import CoreMetrics

/// swift-metrics instruments of one cache, dimension `share` (docs/CACHE.md
/// "Metrics"). Exported by whatever backend the process bootstraps
/// (Prometheus in `dfs start`); no-ops otherwise.
///
/// - `dfs_cache_dirty_bytes{share}`: bytes of records not yet in the
///   payload store (gauge); `dfs_cache_clean_bytes{share}`: bytes of clean
///   block files (gauge).
/// - `dfs_cache_size_bytes{share}` and `dfs_cache_high_watermark_bytes{share}`:
///   the size and high watermark in effect (gauges; they change with
///   `CachedPayload.reconfigure`).
/// - `dfs_cache_uploads_total{share,result="ok"|"error"}`: upload attempts.
/// - `dfs_cache_throttled_total{share}`: puts that had to wait for room
///   (dirty bytes past the high watermark).
/// - `dfs_cache_again_total{share}`: puts, deletes and syncs answered
///   `AGAIN` (NFS: JUKEBOX).
///
/// The gauges are written by `CachedPayload.publishBytes` under the cache's
/// lock and only when a value changed; the counters are lock-free.
final class CacheMetrics: Sendable {
    let dirtyBytes: Gauge
    let cleanBytes: Gauge
    let sizeBytes: Gauge
    let highWatermark: Gauge
    let uploadsOK: Counter
    let uploadsFailed: Counter
    let throttled: Counter
    let again: Counter

    /// Instruments for the cache of `share`, made by `factory`.
    init(share: String, factory: any MetricsFactory) {
        let d = [("share", share)]
        dirtyBytes = Gauge(label: "dfs_cache_dirty_bytes", dimensions: d, factory: factory)
        cleanBytes = Gauge(label: "dfs_cache_clean_bytes", dimensions: d, factory: factory)
        sizeBytes = Gauge(label: "dfs_cache_size_bytes", dimensions: d, factory: factory)
        highWatermark = Gauge(label: "dfs_cache_high_watermark_bytes", dimensions: d, factory: factory)
        uploadsOK = Counter(label: "dfs_cache_uploads_total", dimensions: d + [("result", "ok")], factory: factory)
        uploadsFailed = Counter(label: "dfs_cache_uploads_total", dimensions: d + [("result", "error")], factory: factory)
        throttled = Counter(label: "dfs_cache_throttled_total", dimensions: d, factory: factory)
        again = Counter(label: "dfs_cache_again_total", dimensions: d, factory: factory)
    }
}
