import Foundation
import HostPlugins
import PluginABI
import Testing

/// Every way a library can be wrong yields its own clear error naming the
/// file, and the host keeps going.
@Suite("Plugin loader")
struct PluginLoaderTests {
    let dir: String

    init() throws { dir = try FixtureBuilder.tempDir() }

    /// Load expecting failure; returns the error.
    func loadError(_ path: String, registry: PluginRegistry = PluginRegistry()) throws -> PluginLoadError {
        do {
            let p = try registry.load(path: path)
            Issue.record("expected \(path) to be rejected, but it loaded as \(p)")
            throw FixtureBuilder.CompileError(description: "loaded")
        } catch let error as PluginLoadError {
            #expect(error.description.contains(path), "message must name the file: \(error)")
            return error
        }
    }

    @Test func goodPluginLoadsWithItsIdentity() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libgood.so")
        let registry = PluginRegistry()
        let p = try registry.load(path: path)
        #expect(p.name == "fixture")
        #expect(p.kind == .metadata)
        #expect(p.version == "9.9.9")
        #expect(p.abiMajor == UInt32(DFS_ABI_MAJOR))
        #expect(p.capabilityList == ["nonblocking", "transactions"])
        #expect(p.path == path)
        #expect(registry.plugin(kind: .metadata, name: "fixture") === p)
        // Loading the same path again returns the same plugin.
        #expect(try registry.load(path: path) === p)
    }

    @Test func foreignLibraryHasNoEntry() throws {
        let path = try FixtureBuilder.build("foreign.c", into: dir, name: "libforeign.so")
        let e = try loadError(path)
        #expect(e.reason == .noEntry)
        #expect(e.description.contains("dfs_plugin_entry"))
    }

    @Test func wrongMajorIsRefusedNamingBothVersions() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libmajor.so", defines: ["FIX_MAJOR=2"])
        let e = try loadError(path)
        #expect(e.reason == .abiMajor)
        #expect(e.description.contains("2.0"), "\(e)")
        #expect(e.description.contains("\(DFS_ABI_MAJOR).\(DFS_ABI_MINOR)"), "\(e)")
    }

    @Test func newerMinorIsRefused() throws {
        let minor = DFS_ABI_MINOR + 1
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libminor.so", defines: ["FIX_MINOR=\(minor)"])
        let e = try loadError(path)
        #expect(e.reason == .abiMinor)
        #expect(e.description.contains("1.\(minor)"), "\(e)")
        #expect(e.description.contains("upgrade the host"))
    }

    @Test func truncatedLibraryIsNotLoadable() throws {
        let good = try FixtureBuilder.build("fixture.c", into: dir, name: "libwhole.so")
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        // Cut inside the program headers / segments: the ELF magic survives.
        let cut = dir + "/libtruncated.so"
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: cut))
        let e = try loadError(cut)
        #expect(e.reason == .notLoadable, "\(e)")
        // And a file cut to a few bytes.
        let tiny = dir + "/libtiny.so"
        try data.prefix(10).write(to: URL(fileURLWithPath: tiny))
        #expect(try loadError(tiny).reason == .notLoadable)
    }

    @Test func textFileIsNotAPlugin() throws {
        let path = dir + "/libtext.so"
        try String(repeating: "this is not a shared library\n", count: 10).write(toFile: path, atomically: true, encoding: .utf8)
        let e = try loadError(path)
        #expect(e.reason == .notLoadable)
        #expect(e.description.contains("not a shared library"))
    }

    @Test func missingFileIsReported() throws {
        let e = try loadError(dir + "/libnothere.so")
        #expect(e.reason == .notFound)
    }

    @Test func entryReturningNullIsRefused() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "librefuse.so", defines: ["FIX_REFUSE"])
        #expect(try loadError(path).reason == .refused)
    }

    @Test func missingRequiredOperationIsNamed() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libmissing.so", defines: ["FIX_MISSING_OP"])
        let e = try loadError(path)
        #expect(e.reason == .missingOperation)
        #expect(e.description.contains("txn_commit"))
    }

    @Test func malformedDescriptorsAreRejected() throws {
        let cases: [(String, [String], String)] = [
            ("libnovt.so", ["FIX_NO_VTABLE"], "no vtable"),
            ("libsmallvt.so", ["FIX_SMALL_VTABLE"], "declares 16 bytes"),
            ("libkind.so", ["FIX_KIND=7"], "unknown plugin kind 7"),
            ("libname.so", ["FIX_NAME=\"Bad Name!\""], "invalid plugin name"),
        ]
        for (file, defines, needle) in cases {
            let path = try FixtureBuilder.build("fixture.c", into: dir, name: file, defines: defines)
            let e = try loadError(path)
            #expect(e.reason == .badDescriptor, "\(file): \(e)")
            #expect(e.description.contains(needle), "\(file): \(e)")
        }
    }

    @Test func openFailureCarriesThePluginMessage() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libopenfail.so",
                                            defines: ["FIX_OPEN_FAILS", "FIX_NAME=\"openfail\""])
        let p = try PluginRegistry().load(path: path)
        #expect(throws: DFSError.self) { _ = try MetadataStore(plugin: p, config: "{\"bogus\":1}") }
        do {
            _ = try MetadataStore(plugin: p, config: "{\"bogus\":1}")
        } catch {
            #expect(error.status == .inval)
            #expect(error.message.contains("bogus"), "\(error)")
        }
    }

    @Test func wrongKindIsRefusedAtOpen() throws {
        let path = try FixtureBuilder.build("fixture.c", into: dir, name: "libkindcheck.so")
        let p = try PluginRegistry().load(path: path)
        #expect(throws: DFSError.self) { _ = try PayloadStore(plugin: p) }
    }

    @Test func duplicateNameKeepsTheFirst() throws {
        let a = try FixtureBuilder.build("fixture.c", into: dir, name: "liba.so")
        let b = try FixtureBuilder.build("fixture.c", into: dir, name: "libb.so")
        let registry = PluginRegistry()
        let first = try registry.load(path: a)
        let e = try loadError(b, registry: registry)
        #expect(e.reason == .duplicate)
        #expect(e.description.contains(a))
        #expect(registry.plugin(kind: .metadata, name: "fixture") === first)
    }

    /// A folder holding good and bad libraries: the good ones load, each bad
    /// one is reported once with its reason, and nothing stops.
    @Test func scanLoadsTheGoodAndReportsTheBad() throws {
        _ = try FixtureBuilder.build("fixture.c", into: dir, name: "libok1.so", defines: ["FIX_NAME=\"ok-one\""])
        _ = try FixtureBuilder.build("fixture.c", into: dir, name: "libok2.so",
                                     defines: ["FIX_NAME=\"ok-two\"", "FIX_KIND=DFS_KIND_METADATA"])
        _ = try FixtureBuilder.build("foreign.c", into: dir, name: "libforeign.so")
        _ = try FixtureBuilder.build("fixture.c", into: dir, name: "libmajor.so", defines: ["FIX_MAJOR=3", "FIX_NAME=\"major\""])
        try "junk".write(toFile: dir + "/libjunk.so", atomically: true, encoding: .utf8)
        try "not even a library".write(toFile: dir + "/README.txt", atomically: true, encoding: .utf8)
        let registry = PluginRegistry()
        let errors = registry.scan(directory: dir)
        #expect(Set(registry.all.map(\.name)) == ["ok-one", "ok-two"])
        #expect(Set(errors.map(\.reason)) == [.noEntry, .abiMajor, .notLoadable])
        #expect(errors.count == 3)
        #expect(registry.failures.count == 3)
        // A folder that does not exist is simply empty.
        #expect(registry.scan(directory: dir + "/nope").isEmpty)
    }
}
