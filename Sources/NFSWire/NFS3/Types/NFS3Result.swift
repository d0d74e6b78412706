/// The shape of every NFSv3 result: `union XXX3res switch (nfsstat3 status)
/// { case NFS3_OK: XXX3resok resok; default: XXX3resfail resfail; }`.
///
/// Each procedure names its instance, e.g. `typealias Lookup3Res =
/// NFS3Result<Lookup3ResOK, Lookup3ResFail>`. GETATTR's failure arm is void
/// (``WireVoid``).
public enum NFS3Result<OK: WireCodable, Fail: WireCodable>: WireCodable {
    /// NFS3_OK and the resok arm.
    case ok(OK)
    /// Any other status and the resfail arm. The status must not be `.ok`:
    /// such a value is a programming error (asserted in debug builds; release
    /// builds send NFS3ERR_SERVERFAULT).
    case fail(NFSStat3, Fail)

    /// The status word.
    @inlinable
    public var status: NFSStat3 {
        switch self {
        case .ok: .ok
        case .fail(let status, _): status
        }
    }

    /// The resok arm, if the status is NFS3_OK.
    public var resok: OK? {
        if case .ok(let ok) = self { return ok }
        return nil
    }

    /// The resfail arm, if the status is not NFS3_OK.
    public var resfail: Fail? {
        if case .fail(_, let fail) = self { return fail }
        return nil
    }

    @inlinable
    public init(from reader: inout XDRReader) throws(XDRError) {
        let status = try NFSStat3(from: &reader)
        if status == .ok {
            self = .ok(try OK(from: &reader))
        } else {
            self = .fail(status, try Fail(from: &reader))
        }
    }

    @inlinable
    public func encode(into writer: inout XDRWriter) {
        switch self {
        case .ok(let ok):
            NFSStat3.ok.encode(into: &writer)
            ok.encode(into: &writer)
        case .fail(let status, let fail):
            assert(status != .ok, "NFS3Result.fail with status NFS3_OK")
            (status == .ok ? NFSStat3.serverFault : status).encode(into: &writer)
            fail.encode(into: &writer)
        }
    }
}

extension NFS3Result: Equatable where OK: Equatable, Fail: Equatable {}
extension NFS3Result: Hashable where OK: Hashable, Fail: Hashable {}

extension NFS3Result where Fail == WireVoid {
    /// A failure whose resfail arm is void (GETATTR).
    public static func fail(_ status: NFSStat3) -> Self { .fail(status, WireVoid()) }
}
