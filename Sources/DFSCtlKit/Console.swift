import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where commands print and read: the process's terminal, or a script in tests.
public protocol Console: Sendable {
    /// Writes to standard output.
    func out(_ text: String)
    /// Writes to standard error.
    func err(_ text: String)
    /// One line of standard input without its newline; nil at end of input.
    func readLine() -> String?
    /// Whether standard input is a terminal (so prompting makes sense).
    var isInteractive: Bool { get }
    /// Shows `prompt` on stderr and reads one line without echoing it.
    func readSecret(prompt: String) -> String?
}

/// The process's standard streams.
public struct ProcessConsole: Console {
    public init() {}
    public func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    public func readLine() -> String? {
        guard var s = Swift.readLine(strippingNewline: true) else { return nil }
        if s.hasSuffix("\r") { s.removeLast() }
        return s
    }
    public var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Echo is turned off while reading; Ctrl-C (or SIGTERM) during the
    /// prompt turns it back on before the process ends.
    public func readSecret(prompt: String) -> String? {
        err(prompt)
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readLine() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        echoRestore.saved = saved
        let oldInt = signal(SIGINT, restoreEchoAndDie), oldTerm = signal(SIGTERM, restoreEchoAndDie)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            signal(SIGINT, oldInt); signal(SIGTERM, oldTerm)
            echoRestore.saved = nil
        }
        return readLine()
    }
}

/// The terminal settings to put back if a signal ends a password prompt
/// (read by the signal handler, so a plain global).
private enum echoRestore {
    nonisolated(unsafe) static var saved: termios?
}

/// Signal handler: restore the terminal, then die of the same signal.
private func restoreEchoAndDie(_ sig: Int32) {
    if var t = echoRestore.saved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &t) }
    _ = write(STDERR_FILENO, "\n", 1)
    signal(sig, SIG_DFL)
    raise(sig)
}

/// What a command runs against: the contexts file, the HTTP transport and
/// the console. A task-local, so tests run commands against a stub server,
/// a temporary contexts file and a scripted console.
public struct CtlEnvironment: Sendable {
    public var configPath: String
    public var transport: any HTTPTransport
    public var console: any Console

    public init(configPath: String, transport: any HTTPTransport, console: any Console) {
        self.configPath = configPath; self.transport = transport; self.console = console
    }

    /// The real process: `ContextStore.defaultPath()`, URLSession, the terminal.
    public static var process: CtlEnvironment {
        CtlEnvironment(configPath: ContextStore.defaultPath(), transport: URLSessionTransport(), console: ProcessConsole())
    }

    @TaskLocal public static var current: CtlEnvironment = .process
}
