/// What the HTTP side shares with the HJ 212 gateway: live device status, the device cache (so an
/// operator's change reaches the gateway at once) and the requests sent to loggers.
struct GatewayState: Sendable {
    var status: DeviceStatusBoard
    var devices: DeviceDirectory
    var commands: HJ212CommandCenter
}
