import ControlModels
import ControlStore
import Foundation
import HostPlugins
import HostServices
import Logging
import NIOPosix
import ServerRuntime

/// The control plane's operations, independent of HTTP: every change is
/// written to the database AND applied to the running server, so that what
/// is persisted is what runs (and what runs after a restart).
///
/// Order of a change: validate → database → runtime. When the runtime
/// refuses (a store plugin rejects its configuration, a port is taken), the
/// database change is undone and the runtime's message is returned, so a
/// rejected change leaves no trace. Store configurations are validated by
/// opening them BEFORE they are written.
///
/// All methods block (bcrypt, database, plugin calls); the HTTP layer runs
/// them on `threadPool` through `run`.
public final class ControlPlane: @unchecked Sendable {
    public let db: any ControlDatabase
    public let runtime: ServerRuntime
    public let dataDirectory: String
    /// Root of the shares' caches (`cacheDirectory(shareID:)`).
    public let cacheRoot: String
    public let startedAt = Date()
    let log: Logger
    let threadPool: NIOThreadPool
    /// Serializes changes that touch database and runtime together.
    let changes = NSLock()
    /// Why stores failed to open at start.
    let storeErrors = StoreErrors()
    /// Live settings (log level, token lifetimes, login limits).
    public let settings: LiveSettings
    /// How long deleting a share waits for its cache to upload.
    public var cacheDrainTimeout: Duration = .seconds(10)

    public init(db: any ControlDatabase, runtime: ServerRuntime, dataDirectory: String, cacheDirectory: String? = nil,
                threadPool: NIOThreadPool = .singleton, logger: Logger = Logger(label: "dfs.control")) {
        self.db = db
        self.runtime = runtime
        self.dataDirectory = dataDirectory
        self.cacheRoot = cacheDirectory ?? dataDirectory + "/cache"
        self.threadPool = threadPool
        self.log = logger
        self.settings = LiveSettings()
    }

    /// Run blocking `body` on the thread pool.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threadPool.runIfActive(body)
    }

    /// Run `body` with the change lock held.
    func changing<T>(_ body: () throws -> T) rethrows -> T {
        changes.lock()
        defer { changes.unlock() }
        return try body()
    }
}

/// Errors of the control plane that are not the store's or the runtime's.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case invalid, forbidden, conflict, notFound, unauthorized, tooManyRequests }
    public let kind: Kind
    public let message: String
    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
}
