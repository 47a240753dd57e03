"""HJ 212 frames for the Python checks: `##` + four-digit length + segment + CRC (Annex A) + CR LF."""


def crc(segment: bytes) -> int:
    register = 0xFFFF
    for byte in segment:
        register = (register >> 8) ^ byte
        for _ in range(8):
            register = (register >> 1) ^ 0xA001 if register & 1 else register >> 1
    return register


def frame(segment: str) -> bytes:
    data = segment.encode()
    return b"##%04d" % len(data) + data + b"%04X\r\n" % crc(data)


def upload(mn: str, password: str, data_time: str = "20240101000000") -> bytes:
    """A 2061 hourly upload of PM2.5 35 µg/m³ asking for an answer."""
    return frame(f"QN=20240101000000000;ST=22;CN=2061;PW={password};MN={mn};Flag=5;"
                 f"CP=&&DataTime={data_time};a34004-Avg=35,a34004-Flag=N&&")
