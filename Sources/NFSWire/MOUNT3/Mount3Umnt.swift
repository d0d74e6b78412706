/// MOUNTPROC3_UMNT's argument: the path the client no longer has mounted.
/// The result is void (``WireVoid``).
public typealias Umnt3Args = DirPath3

/// MOUNTPROC3_NULL and MOUNTPROC3_UMNTALL take and return nothing
/// (``WireVoid``); UMNT returns nothing.
public typealias Mount3Void = WireVoid
