/// set_atime / set_mtime: `union switch (time_how set_it) { case
/// SET_TO_CLIENT_TIME: nfstime3 time; default: void; }`.
public enum SetTime3: WireCodable, Hashable {
    /// DONT_CHANGE.
    case dontChange
    /// SET_TO_SERVER_TIME.
    case serverTime
    /// SET_TO_CLIENT_TIME with the time to set.
    case clientTime(NFSTime3)

    public init(from reader: inout XDRReader) throws(XDRError) {
        switch try TimeHow3(from: &reader) {
        case .dontChange: self = .dontChange
        case .setToServerTime: self = .serverTime
        case .setToClientTime: self = .clientTime(try NFSTime3(from: &reader))
        }
    }

    public func encode(into writer: inout XDRWriter) {
        switch self {
        case .dontChange: TimeHow3.dontChange.encode(into: &writer)
        case .serverTime: TimeHow3.setToServerTime.encode(into: &writer)
        case .clientTime(let time):
            TimeHow3.setToClientTime.encode(into: &writer)
            time.encode(into: &writer)
        }
    }
}

/// sattr3: attributes to set. Each of set_mode3, set_uid3, set_gid3 and
/// set_size3 is `union switch (bool set_it) { case TRUE: value; default:
/// void; }`, held as an optional (nil: leave unchanged).
public struct Sattr3: WireCodable, Hashable {
    public var mode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
    public var size: UInt64?
    public var atime: SetTime3
    public var mtime: SetTime3

    /// Attributes that change nothing unless given.
    public init(
        mode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil, size: UInt64? = nil,
        atime: SetTime3 = .dontChange, mtime: SetTime3 = .dontChange
    ) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.atime = atime
        self.mtime = mtime
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        mode = try UInt32?(from: &reader)
        uid = try UInt32?(from: &reader)
        gid = try UInt32?(from: &reader)
        size = try UInt64?(from: &reader)
        atime = try SetTime3(from: &reader)
        mtime = try SetTime3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        mode.encode(into: &writer)
        uid.encode(into: &writer)
        gid.encode(into: &writer)
        size.encode(into: &writer)
        atime.encode(into: &writer)
        mtime.encode(into: &writer)
    }
}

/// sattrguard3: `union switch (bool check) { case TRUE: nfstime3 obj_ctime;
/// case FALSE: void; }`, held as an optional: with a time, SETATTR applies
/// only if the object's ctime still equals it (else NFS3ERR_NOT_SYNC).
public typealias SattrGuard3 = NFSTime3?
