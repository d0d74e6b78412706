import Foundation
import HostPlugins

/// The outcome of one case.
public struct CaseOutcome: Sendable {
    public enum Status: String, Sendable { case passed, failed, skipped }
    public let id: String
    public let status: Status
    public let message: String
    public let seconds: Double
}

/// The outcome of a run against one plugin.
public struct RunReport: Sendable {
    public let plugin: String
    public let kind: PluginKind
    public let outcomes: [CaseOutcome]

    public var passed: Int { outcomes.filter { $0.status == .passed }.count }
    public var failed: Int { outcomes.filter { $0.status == .failed }.count }
    public var skipped: Int { outcomes.filter { $0.status == .skipped }.count }

    /// The closing line: "N passed, N failed" (", N skipped" when any were).
    public var summary: String {
        skipped > 0 ? "\(passed) passed, \(failed) failed, \(skipped) skipped" : "\(passed) passed, \(failed) failed"
    }
}

/// Runs the conformance cases for a plugin's kind and reports one line per case.
public enum ConformanceRunner {
    /// Every case of the suite for `kind`.
    public static func cases(for kind: PluginKind) -> [ConformanceCase] {
        allCases().filter { $0.kind == kind }
    }

    /// Run every case that applies to `plugin` with `config` (a template, see
    /// `CaseContext`). `log` receives one line per case as it finishes.
    public static func run(plugin: LoadedPlugin, config: String, options: RunOptions = RunOptions(),
                           log: (String) -> Void = { print($0) }) -> RunReport {
        var outcomes: [CaseOutcome] = []
        let selected = cases(for: plugin.kind).filter { c in
            options.filter.map { c.id.contains($0) } ?? true
        }
        for c in selected {
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome: CaseOutcome
            if c.requires != 0 && plugin.capabilities & c.requires != c.requires {
                let missing = capabilityNames(c.requires & ~plugin.capabilities, kind: plugin.kind).joined(separator: ",")
                outcome = CaseOutcome(id: c.id, status: .skipped, message: "plugin lacks capability \(missing)", seconds: 0)
            } else {
                var status = CaseOutcome.Status.passed
                var message = ""
                do {
                    let ctx = try CaseContext(plugin: plugin, configTemplate: config, options: options)
                    defer { ctx.cleanUp() }
                    try c.body(ctx)
                } catch {
                    status = .failed
                    message = "\(error)"
                }
                let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                outcome = CaseOutcome(id: c.id, status: status, message: message, seconds: secs)
            }
            outcomes.append(outcome)
            switch outcome.status {
            case .passed: log(String(format: "ok    %@ (%.3fs)", outcome.id, outcome.seconds))
            case .failed: log("FAIL  \(outcome.id): \(outcome.message)")
            case .skipped: log("skip  \(outcome.id): \(outcome.message)")
            }
        }
        return RunReport(plugin: plugin.name, kind: plugin.kind, outcomes: outcomes)
    }
}
