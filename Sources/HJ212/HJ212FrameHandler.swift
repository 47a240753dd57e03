public import NIOCore

/// The frame decoder in a NIO pipeline: bytes in, `HJ212FrameDecoder.Event`s out. At the end of the
/// connection whatever is left is reported as truncated or junk rather than silently dropped.
public struct HJ212FrameHandler: ByteToMessageDecoder {
    public typealias InboundOut = HJ212FrameDecoder.Event

    private var decoder: HJ212FrameDecoder

    public init(decoder: HJ212FrameDecoder = HJ212FrameDecoder()) {
        self.decoder = decoder
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = decoder.next(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        guard let event = decoder.next(&buffer, atEOF: true) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }
}
