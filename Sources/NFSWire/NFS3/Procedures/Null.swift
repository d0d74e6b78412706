/// NFSPROC3_NULL (procedure 0): `void NFSPROC3_NULL(void)`; no arguments,
/// no result. Used to ping the server.
public typealias Null3Args = WireVoid

/// The (void) result of NFSPROC3_NULL.
public typealias Null3Res = WireVoid
