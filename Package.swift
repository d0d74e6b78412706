// swift-tools-version:6.0
import PackageDescription
import Foundation

/// Absolute path of this package, so linker flags can name files in it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

/// Every plugin exports exactly one symbol, `dfs_plugin_entry`.
let pluginLinker: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--version-script=\(root)/Plugins/exports.map"]),
]

/// A store or adapter plugin: a `.dynamic` library loaded by the host with dlopen().
func plugin(_ name: String, extra: [Target.Dependency] = []) -> Target {
    .target(
        name: name,
        dependencies: ["PluginABI", "PluginKit"] + extra,
        path: "Plugins/\(name)",
        linkerSettings: pluginLinker
    )
}

/// The in-tree plugins: each `Plugins/<Name>` is a target and a `.dynamic` product.
let pluginNames = ["MetadataMemory", "PayloadFS", "PayloadMemory", "AdapterNFS", "MetadataPostgres", "MetadataBadgerLike", "PayloadS3"]

/// Extra dependencies of some plugins.
let pluginDependencies: [String: [Target.Dependency]] = [
    "MetadataBadgerLike": ["CRocksDB"],
    "MetadataPostgres": ["CLibPQ"],
    "PayloadS3": ["S3Kit"],
    "AdapterNFS": [
        "NFSWire",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
    ],
]

let package = Package(
    name: "DittoFS",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dfs", targets: ["Host"]),
        .executable(name: "dfs-conformance", targets: ["dfs-conformance"]),
        .executable(name: "dfs-bench", targets: ["dfs-bench"]),
        .executable(name: "dfsctl", targets: ["dfsctl"]),
        .executable(name: "dfs-metabench", targets: ["dfs-metabench"]),
        .executable(name: "dfs-s3-bench", targets: ["dfs-s3-bench"]),
        .executable(name: "dfs-control-bench", targets: ["dfs-control-bench"]),
    ] + pluginNames.map { .library(name: $0, type: .dynamic, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),   // LogEvent
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // The C ABI: headers only (plus one file that compile-checks them).
        .target(name: "PluginABI", path: "Sources/PluginABI"),

        // libpq (Debian libpq-dev) for the MetadataPostgres plugin.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),

        // The RocksDB C API (Debian librocksdb-dev), for MetadataBadgerLike.
        .systemLibrary(
            name: "CRocksDB", path: "Sources/CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]
        ),

        // libcurl and libcrypto (Debian libcurl4-openssl-dev, libssl-dev), then
        // the S3 client (SigV4, key mapping, retries, HTTP) for PayloadS3.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "COpenSSLCrypto", path: "Sources/COpenSSLCrypto"),
        .target(name: "S3Kit", dependencies: ["CCurl", "COpenSSLCrypto", "PluginABI", "PluginKit"], path: "Sources/S3Kit"),

        // Swift helpers linked statically into each Swift plugin.
        .target(name: "PluginKit", dependencies: ["PluginABI"], path: "Sources/PluginKit"),

        // Host layers: plugin loader + typed store wrappers, then the file-system core.
        .target(
            name: "HostPlugins",
            dependencies: [
                "PluginABI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/HostPlugins"
        ),
        // The local write-back cache in front of a payload store: journal,
        // block states, LRU, uploader (docs/CACHE.md).
        .target(
            name: "HostCache",
            dependencies: [
                "HostPlugins", "PluginABI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/HostCache"
        ),
        .target(
            name: "HostCore",
            dependencies: ["HostPlugins", "HostCache", "PluginABI", .product(name: "Logging", package: "swift-log")],
            path: "Sources/HostCore"
        ),
        .executableTarget(
            name: "Host",
            dependencies: [
                "HostPlugins", "HostCache", "HostCore", "HostServices", "ControlAPI", "ControlModels", "ControlStore", "ServerConfig",
                "HostAdmin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host"
        ),

        // Host services: the table adapters call, over the file-system core.
        .target(
            name: "HostServices",
            dependencies: [
                "HostCore", "HostPlugins", "PluginABI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/HostServices"
        ),

        // NFS wire formats: XDR, ONC RPC, record marking, MOUNT3 and NFS3
        // types. Pure (no sockets), linked into the NFS adapter plugin.
        .target(
            name: "NFSWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            path: "Sources/NFSWire"
        ),

        // The live server: open stores, served shares, running adapters; changed
        // by the control plane without a restart.
        .target(
            name: "ServerRuntime",
            dependencies: ["HostCache", "HostCore", "HostPlugins", "HostServices", .product(name: "Logging", package: "swift-log")],
            path: "Sources/ServerRuntime"
        ),

        // The REST API (Hummingbird, JWT) over the control store and the runtime.
        .target(
            name: "ControlAPI",
            dependencies: [
                "ControlModels", "ControlStore", "ServerRuntime", "HostCache", "HostPlugins", "HostServices", "ServerConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/ControlAPI"
        ),

        // The server's configuration file (YAML): sections, defaults, errors with line numbers.
        .target(
            name: "ServerConfig",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Sources/ServerConfig"
        ),

        // What the management commands (dfs stop/status/logs) do, apart from argument parsing.
        .target(
            name: "HostAdmin",
            dependencies: ["ServerConfig", "ControlModels", .product(name: "Yams", package: "Yams")],
            path: "Sources/HostAdmin"
        ),

        // The control plane's JSON documents, shared by the server and dfsctl.
        .target(name: "ControlModels", path: "Sources/ControlModels", exclude: ["README.md"]),

        // The system SQLite (Debian libsqlite3-dev) for the control-plane database.
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // The control plane's persistence: users, groups, shares, grants,
        // stores, adapters, settings in SQLite or PostgreSQL.
        .target(
            name: "ControlStore",
            dependencies: [
                "ControlModels", "CSQLite", "CLibPQ",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ControlStore"
        ),

        // dfsctl, the management client: its commands, HTTP client and output
        // formatting in a library (tested), and a thin executable.
        .target(
            name: "DFSCtlKit",
            dependencies: ["ControlModels", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/DFSCtlKit"
        ),
        .executableTarget(name: "dfsctl", dependencies: ["DFSCtlKit"], path: "Sources/dfsctl"),

        // The conformance suite: a library of cases and a runner.
        .target(
            name: "ConformanceKit",
            dependencies: ["HostPlugins", "HostCore", "PluginABI"],
            path: "conformance/Sources/ConformanceKit"
        ),
        .executableTarget(
            name: "dfs-conformance",
            dependencies: [
                "ConformanceKit", "HostPlugins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "conformance/Sources/dfs-conformance"
        ),

        // Micro-benchmarks (prints tables; not tests).
        .executableTarget(
            name: "dfs-bench",
            dependencies: ["HostCore", "HostPlugins", "PluginABI"],
            path: "bench/Sources/dfs-bench"
        ),
        .executableTarget(
            name: "dfs-metabench",
            dependencies: ["HostCore", "HostPlugins"],
            path: "bench/Sources/dfs-metabench"
        ),

        // Put/get throughput of PayloadS3 (against moto or a real service), fs as the peer.
        .executableTarget(name: "dfs-s3-bench", dependencies: ["HostPlugins"], path: "bench/Sources/dfs-s3-bench"),

        .executableTarget(
            name: "dfs-control-bench",
            dependencies: ["ControlStore", "ControlModels"],
            path: "bench/Sources/dfs-control-bench"
        ),

        // Tests.
        // Helpers shared by test targets (seeded random numbers).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HostPluginsTests", dependencies: ["HostPlugins", "PluginABI"], path: "Tests/HostPluginsTests"),
        .testTarget(
            name: "HostCacheTests",
            dependencies: [
                "HostCache", "HostCore", "HostPlugins", "PluginABI", "TestSupport",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/HostCacheTests"
        ),
        .testTarget(name: "HostCoreTests", dependencies: ["HostCore", "HostPlugins", "PluginABI"], path: "Tests/HostCoreTests"),
        .testTarget(
            name: "HostServicesTests",
            dependencies: ["HostServices", "HostCore", "HostPlugins", "PluginABI"],
            path: "Tests/HostServicesTests"
        ),
        .testTarget(
            name: "NFSWireTests",
            dependencies: [
                "NFSWire", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/NFSWireTests"
        ),
        .testTarget(name: "dfsctlTests", dependencies: ["DFSCtlKit", "ControlModels"], path: "Tests/dfsctlTests"),
        .testTarget(
            name: "ServerRuntimeTests",
            dependencies: ["ServerRuntime", "HostServices", "HostPlugins", "HostCache", "HostCore"],
            path: "Tests/ServerRuntimeTests"
        ),
        .testTarget(name: "ServerConfigTests", dependencies: ["ServerConfig"], path: "Tests/ServerConfigTests"),
        .testTarget(
            name: "HostCommandTests",
            dependencies: ["HostAdmin", "ServerConfig", "ControlModels"],
            path: "Tests/HostCommandTests"
        ),
        .testTarget(
            name: "ControlAPITests",
            dependencies: ["ControlAPI", "ControlModels", "ControlStore", "ServerRuntime", "HostCache", "HostCore", "HostPlugins", "HostServices"],
            path: "Tests/ControlAPITests"
        ),
        .testTarget(name: "ControlStoreTests", dependencies: ["ControlStore", "ControlModels"], path: "Tests/ControlStoreTests"),
        .testTarget(
            name: "S3Tests",
            dependencies: ["S3Kit", "PluginKit", "PluginABI", "HostPlugins", "TestSupport"],
            path: "Tests/S3Tests",
            exclude: ["Vectors"]
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["ConformanceKit", "HostPlugins", "HostCore"],
            path: "Tests/ConformanceTests"
        ),
    ] + pluginNames.map { plugin($0, extra: pluginDependencies[$0] ?? []) }
)
