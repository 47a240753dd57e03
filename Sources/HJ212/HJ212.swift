/// The HJ 212 wire protocol (HJ/T 212-2005, HJ 212-2017, HJ 212-2025) without sockets or storage:
/// `HJ212CRC`, `HJ212FrameDecoder` (and `HJ212FrameHandler` for NIO pipelines), `HJ212Packet`,
/// `HJ212Edition`, `HJ212Answer`. The gateway that uses them lives in QingshanServer.
public enum HJ212 {}
