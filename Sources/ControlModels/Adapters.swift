/// A protocol adapter (`GET /api/v1/adapters`). `type` is the adapter
/// plugin's name ("nfs").
public struct Adapter: Codable, Sendable, Equatable {
    public var type: String
    public var enabled: Bool
    public var port: Int
    public var bind: String
    /// Extra plugin settings (besides port and bind).
    public var settings: JSON
    /// "running", "stopped", or "error: <message>".
    public var status: String
    /// The adapter's own status document while running.
    public var runtime: JSON?
    public init(type: String, enabled: Bool, port: Int, bind: String, settings: JSON = .object([:]), status: String, runtime: JSON? = nil) {
        self.type = type; self.enabled = enabled; self.port = port; self.bind = bind; self.settings = settings; self.status = status; self.runtime = runtime
    }
}

/// `POST /api/v1/adapters/{type}/enable` and `PATCH /api/v1/adapters/{type}`:
/// applied live (the adapter is (re)started) and persisted.
public struct AdapterConfig: Codable, Sendable, Equatable {
    public var port: Int?
    public var bind: String?
    public var settings: JSON?
    public init(port: Int? = nil, bind: String? = nil, settings: JSON? = nil) { self.port = port; self.bind = bind; self.settings = settings }
}

/// A server setting (`GET/PUT /api/v1/settings/{key}`).
public struct Setting: Codable, Sendable, Equatable {
    public var key: String
    public var value: String
    public var description: String?
    public init(key: String, value: String, description: String? = nil) { self.key = key; self.value = value; self.description = description }
}

/// `PUT /api/v1/settings/{key}` body.
public struct SettingValue: Codable, Sendable, Equatable {
    public var value: String
    public init(value: String) { self.value = value }
}

/// `GET /health` and `/health/ready`.
public struct Health: Codable, Sendable, Equatable {
    /// "ok", or "starting"/"degraded" (with HTTP 503 on /health/ready).
    public var status: String
    public var version: String
    public var checks: [String: String]?
    public init(status: String, version: String, checks: [String: String]? = nil) { self.status = status; self.version = version; self.checks = checks }
}

/// `GET /api/v1/status`: what `dfs status` shows.
public struct ServerStatus: Codable, Sendable, Equatable {
    public var version: String
    public var pid: Int32
    public var uptimeSeconds: Double
    public var dataDirectory: String
    public var database: String
    public var shares: Int
    public var adapters: [Adapter]
    public init(version: String, pid: Int32, uptimeSeconds: Double, dataDirectory: String, database: String, shares: Int, adapters: [Adapter]) {
        self.version = version; self.pid = pid; self.uptimeSeconds = uptimeSeconds; self.dataDirectory = dataDirectory
        self.database = database; self.shares = shares; self.adapters = adapters
    }
}

/// An RFC 7807 problem document: every error of the API.
public struct Problem: Codable, Sendable, Equatable, Error {
    /// A URI naming the kind of problem, "about:blank" or
    /// "https://dittofs.dev/problems/<slug>".
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil, instance: String? = nil) {
        self.type = type; self.title = title; self.status = status; self.detail = detail; self.instance = instance
    }
}
