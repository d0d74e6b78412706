import DFSCtlKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// dfsctl: everything is in DFSCtlKit; this only runs it and exits with its code.
exit(await DFSCtl.run(arguments: Array(CommandLine.arguments.dropFirst())))
