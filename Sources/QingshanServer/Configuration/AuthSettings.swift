import QingshanCore

/// How the console's sign-in behaves (`auth.*`).
public struct AuthSettings: Sendable, Hashable {
    public var bcryptCost: UInt8 = 12
    public var sessionHours: Int64 = 12
    public var idleMinutes: Int64 = 120
    /// Wrong passwords in a row before an account is locked for a minute, doubling to an hour.
    public var lockoutFailures = 5
    /// Wrong passwords from one address before it must wait a second, doubling to 15 minutes.
    public var addressFailures = 10
    public var secureCookies = false

    public init() {}

    var service: AccountService.Settings {
        AccountService.Settings(
            bcryptCost: bcryptCost, accountLockout: SignInLockout(freeFailures: lockoutFailures, initialSeconds: 60, maximumSeconds: 3_600),
            addressLockout: SignInLockout(freeFailures: addressFailures, initialSeconds: 1, maximumSeconds: 900), sessionHours: sessionHours,
            idleMinutes: idleMinutes, secureCookies: secureCookies)
    }
}
