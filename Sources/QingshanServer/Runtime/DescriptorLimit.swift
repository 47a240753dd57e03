#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's limit on open file descriptors. Every connection is one, so the HJ 212 gateway's
/// connection cap must leave room for HTTP, the database and logs, or a flood of idle logger connections
/// silences the API.
enum DescriptorLimit {
    /// Raises the soft limit to the hard limit (the most an unprivileged process may) and returns it.
    static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(resourceLimitFiles, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resourceLimitFiles, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// The gateway's connection cap: the configured one, or fewer when descriptors are short.
    static func gatewayCap(configured: Int, descriptors: Int, reserve: Int) -> Int {
        max(0, min(configured, descriptors - reserve))
    }

    #if canImport(Glibc)
        private static let resourceLimitFiles = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resourceLimitFiles = RLIMIT_NOFILE
    #endif
}
