/// Errors the store reports in domain terms; driver errors never leave the module untranslated.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database cannot be opened or reached; the text says which and how to fix it.
    case unavailable(String)
    /// An observation names a site that is not in the registry.
    case unknownSite(String)
    /// A record is inconsistent (a site pointing at a missing region…).
    case invalid(String)
    /// The schema in the database is newer than this program.
    case schemaTooNew(found: Int, known: Int)

    public var description: String {
        switch self {
        case .unavailable(let reason): reason
        case .unknownSite(let code): "site \(code) is not in the registry; add it to the profile or import it first"
        case .invalid(let reason): reason
        case .schemaTooNew(let found, let known):
            "the database schema is at version \(found) but this qingshan knows only up to \(known); upgrade qingshan"
        }
    }
}
