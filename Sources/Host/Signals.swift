import Foundation

enum Defaults {
    /// The embedded, persistent default (RocksDB under <data-dir>/metadata).
    static let metadataPlugin = "badgerlike"
    static let payloadPlugin = "fs"
    static let shareName = "/export"
    static let nfsAdapter = "nfs"
    static let nfsPort = 12049
    static let nfsBind = "0.0.0.0"
}

/// The signals `dfs start` stops on.
private func terminationSignals() -> sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    return set
}

/// Block SIGINT and SIGTERM in the calling thread (and every thread it
/// creates afterwards), so that they stay pending until `waitForTermination`.
func blockTerminationSignals() {
    var set = terminationSignals()
    pthread_sigmask(SIG_BLOCK, &set, nil)
}

/// Block until SIGINT or SIGTERM; returns the signal number.
func waitForTermination() -> Int32 {
    var set = terminationSignals()
    pthread_sigmask(SIG_BLOCK, &set, nil)
    var sig: Int32 = 0
    sigwait(&set, &sig)
    return sig
}
