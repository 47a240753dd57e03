import QingshanCore

/// The HJ 212 wire protocol (framing, CRC, data segment, editions, SM4, answers).
///
/// Empty for now: the codec and the gateway arrive with the HJ 212 gateway work. The module exists so the
/// dependency rules of the architecture (no sockets, no store) hold from the start.
public enum HJ212 {}
