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
let pluginNames = ["MetadataMemory", "PayloadFS", "PayloadMemory", "AdapterNFS", "MetadataPostgres", "MetadataBadgerLike"]

/// Extra dependencies of some plugins.
let pluginDependencies: [String: [Target.Dependency]] = [
    "MetadataBadgerLike": ["CRocksDB"],
    "MetadataPostgres": ["CLibPQ"],
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
        .executable(name: "dfs-control-bench", targets: ["dfs-control-bench"]),
    ] + pluginNames.map { .library(name: $0, type: .dynamic, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
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

        // Swift helpers linked statically into each Swift plugin.
        .target(name: "PluginKit", dependencies: ["PluginABI"], path: "Sources/PluginKit"),

        // Host layers: plugin loader + typed store wrappers, then the file-system core.
        .target(
            name: "HostPlugins",
            dependencies: ["PluginABI", .product(name: "Logging", package: "swift-log")],
            path: "Sources/HostPlugins"
        ),
        .target(
            name: "HostCore",
            dependencies: ["HostPlugins", "PluginABI", .product(name: "Logging", package: "swift-log")],
            path: "Sources/HostCore"
        ),
        .executableTarget(
            name: "Host",
            dependencies: [
                "HostPlugins", "HostCore", "HostServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host"
        ),

        // Host services: the table adapters call, over the file-system core.
        .target(
            name: "HostServices",
            dependencies: ["HostCore", "HostPlugins", "PluginABI", .product(name: "Logging", package: "swift-log")],
            path: "Sources/HostServices"
        ),

        // NFS wire formats: XDR, ONC RPC, record marking, MOUNT3 and NFS3
        // types. Pure (no sockets), linked into the NFS adapter plugin.
        .target(
            name: "NFSWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            path: "Sources/NFSWire"
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
            name: "dfs-control-bench",
            dependencies: ["ControlStore", "ControlModels"],
            path: "bench/Sources/dfs-control-bench"
        ),

        // Tests.
        .testTarget(name: "HostPluginsTests", dependencies: ["HostPlugins", "PluginABI"], path: "Tests/HostPluginsTests"),
        .testTarget(name: "HostCoreTests", dependencies: ["HostCore", "HostPlugins", "PluginABI"], path: "Tests/HostCoreTests"),
        .testTarget(
            name: "HostServicesTests",
            dependencies: ["HostServices", "HostCore", "HostPlugins", "PluginABI"],
            path: "Tests/HostServicesTests"
        ),
        .testTarget(
            name: "NFSWireTests",
            dependencies: [
                "NFSWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/NFSWireTests"
        ),
        .testTarget(name: "ControlStoreTests", dependencies: ["ControlStore", "ControlModels"], path: "Tests/ControlStoreTests"),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["ConformanceKit", "HostPlugins", "HostCore"],
            path: "Tests/ConformanceTests"
        ),
    ] + pluginNames.map { plugin($0, extra: pluginDependencies[$0] ?? []) }
)
