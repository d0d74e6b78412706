import NIOCore

extension RPCCall {
    /// Appends the call (header, then ``arguments``) to `writer`: for test
    /// clients and benchmarks. Does not add a record mark.
    public func encode(into writer: inout XDRWriter) {
        writer.uint32(xid)
        writer.uint32(Self.callMessageType)
        writer.uint32(Self.supportedRPCVersion)
        writer.uint32(program)
        writer.uint32(version)
        writer.uint32(procedure)
        credential.encode(into: &writer)
        verifier.encode(into: &writer)
        var args = arguments
        writer.buffer.writeBuffer(&args)
    }

    /// The call as a new buffer with ``RecordMark/size`` bytes of headroom, so
    /// ``RecordMark/frame(_:)`` can add the record mark without copying.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var writer = XDRWriter(
            RecordMark.bufferWithHeadroom(
                allocator: allocator, capacity: 64 + credential.body.readableBytes + arguments.readableBytes))
        encode(into: &writer)
        return writer.buffer
    }
}
