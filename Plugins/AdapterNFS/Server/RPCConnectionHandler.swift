import NFSWire
import NIOCore

/// What becomes of one RPC record.
enum CallOutcome: Sendable {
    /// Send this reply record (a complete RPC reply message).
    case reply(ByteBuffer)
    /// Send nothing (a duplicate still in progress, a stray reply message).
    case drop
    /// The stream is unusable (a record that is not an RPC call): close it.
    case close
}

/// Turns one RPC record into an outcome. `done` is called exactly once, on
/// any thread, possibly before `process` returns.
protocol RecordProcessor: Sendable {
    func process(_ record: ByteBuffer, from connection: ConnectionInfo,
                 done: @escaping @Sendable (CallOutcome) -> Void)
}

/// The per-connection RPC handler, after the record-marking decoder: runs
/// every call concurrently (replies go out as they finish, matched by xid),
/// up to `maxInFlight` at once; beyond that calls wait in a queue and the
/// connection stops reading, so a client cannot make the server buffer
/// without bound. Reading also pauses while the socket is not writable (a
/// client that does not read its replies).
///
/// Lives on its channel's event loop; completions come back through the
/// server's `LoopGate`, batched by a `CompletionMailbox`.
final class RPCConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let shared: ServerShared
    private let info: ConnectionInfo
    private var context: ChannelHandlerContext?
    /// Calls handed to the processor and not yet finished.
    private var inFlight = 0
    /// Calls received while `inFlight` was at the cap.
    private var queue = CircularBuffer<ByteBuffer>()
    /// A `read` was held back (back-pressure); issue it when there is room.
    private var readHeld = false
    private var flushScheduled = false
    private var closing = false
    /// Delivers completions to this loop in batches (created on first use).
    private var completions: CompletionMailbox?

    init(shared: ServerShared, info: ConnectionInfo) {
        self.shared = shared
        self.info = info
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        queue.removeAll()
        shared.connections.remove(info.id)
        shared.stats.update { $0.connectionsOpen -= 1 }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let record = unwrapInboundIn(data)
        shared.stats.update { $0.bytesIn += UInt64(record.readableBytes) }
        guard !closing else { return }
        if inFlight >= shared.settings.maxInFlight || !queue.isEmpty {
            queue.append(record)
        } else {
            dispatch(record, context: context)
        }
    }

    /// Back-pressure: hold the read while the queue is not empty, the cap is
    /// reached or the peer is not reading its replies.
    func read(context: ChannelHandlerContext) {
        if mustPause(context) {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfPossible(context)
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all {
            if inFlight == 0 && queue.isEmpty {
                shared.stats.update { $0.connectionsIdleClosed += 1 }
                closing = true
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Decoder errors (a record over the size limit, bytes after a framing
    /// error) count as protocol errors; socket errors (a peer that reset)
    /// as connection errors. Either way the connection is closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !closing {
            let protocolError = error is RecordMarkingError || error is ByteToMessageDecoderError
            shared.stats.update { s in
                if protocolError { s.protocolErrors += 1 } else { s.connectionErrors += 1 }
            }
            shared.log(DFSLog.debug, "nfs: closing connection from \(info.address):\(info.port): \(error)")
            closing = true
        }
        context.close(promise: nil)
    }

    // MARK: - calls

    private func mustPause(_ context: ChannelHandlerContext) -> Bool {
        inFlight >= shared.settings.maxInFlight || !queue.isEmpty || !context.channel.isWritable
    }

    private func dispatch(_ record: ByteBuffer, context: ChannelHandlerContext) {
        guard shared.connections.beginRequest() else {
            // Stopping: the client will retry after reconnecting.
            shared.stats.update { $0.droppedWhileStopping += 1 }
            return
        }
        inFlight += 1
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let box = mailbox(context)
        shared.processor.process(record, from: info) { outcome in
            box.post { bound.value.finished(outcome) }
        }
    }

    private func mailbox(_ context: ChannelHandlerContext) -> CompletionMailbox {
        if let m = completions { return m }
        let m = CompletionMailbox(loop: context.eventLoop, gate: shared.gate)
        completions = m
        return m
    }

    /// On the loop: send the reply, free the slot, start queued calls.
    private func finished(_ outcome: CallOutcome) {
        inFlight -= 1
        shared.connections.endRequest()
        guard let context, !closing else { return }
        switch outcome {
        case .reply(let buffer):
            shared.stats.update { $0.bytesOut += UInt64(buffer.readableBytes) }
            context.write(wrapOutboundOut(buffer), promise: nil)
            scheduleFlush(context)
        case .drop:
            break
        case .close:
            shared.stats.update { $0.protocolErrors += 1 }
            closing = true
            context.close(promise: nil)
            return
        }
        while inFlight < shared.settings.maxInFlight, let next = queue.popFirst() {
            dispatch(next, context: context)
        }
        resumeReadingIfPossible(context)
    }

    /// Flushes once per loop tick however many replies finished in it.
    private func scheduleFlush(_ context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let handler = bound.value
            handler.flushScheduled = false
            handler.context?.flush()
        }
    }

    private func resumeReadingIfPossible(_ context: ChannelHandlerContext) {
        if readHeld && !mustPause(context) {
            readHeld = false
            context.read()
        }
    }
}
