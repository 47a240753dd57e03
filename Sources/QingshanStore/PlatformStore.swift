/// Everything the platform keeps, as the runtime and the tools take it: the registry, the observations, the
/// rollups, the API tokens, and the alarms with the permits they are judged against. `SQLStore` is the one implementation (SQLite or PostgreSQL); nothing outside this
/// module names it except where a store is opened.
public protocol PlatformStore: RegistryStore, ObservationStore, RollupStore, TokenStore, AlarmStore, AccountStore, AuditStore, PlanStore {
    /// Seals device secrets with `sealer` from now on, and those still in clear (or under `previous`) now.
    @discardableResult
    func useSecretKey(_ sealer: SecretSealer, previous: SecretSealer?) async throws -> Int
    /// Applies pending schema migrations; returns the versions applied.
    @discardableResult
    func migrate() async throws -> [Int]
    /// Drives the store's background work (PostgreSQL's connection pool) until cancelled.
    func run() async
    /// Closes the connections; nothing may use the store afterwards.
    func close() async
}
