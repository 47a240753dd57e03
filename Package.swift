// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // A file sees only the modules it imports (not what another file of the target imported) …
    .enableUpcomingFeature("MemberImportVisibility"),
    // … and an import is internal unless the module's types appear in the file's public API (`public import`).
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "qingshan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qingshan", targets: ["qingshan"]),
        .library(name: "QingshanCore", targets: ["QingshanCore"]),
        .library(name: "HJ212", targets: ["HJ212"]),
        .library(name: "SensorThings", targets: ["SensorThings"]),
        .library(name: "QingshanServer", targets: ["QingshanServer"]),
        .library(name: "QingshanTools", targets: ["QingshanTools"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // Already built for Hummingbird; its HTTP types lets a parse error be answered with a problem document.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
        // Already built for PostgresNIO; named because the HTTP server and the HJ 212 gateway offer TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.15.0"),
        // Only HummingbirdBcrypt is built (a small C library): password hashes for the console's sign-in.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.32.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.0"),
        // Already built for SQLiteKit and Hummingbird; named because the store and the HTTP code import them.
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.14.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.25.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The console's pages: server-side templates, no JavaScript needed to read them.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        // Already built for PostgresNIO's SCRAM; here it hashes API token secrets.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"6.0.0"),
    ],
    targets: [
        .target(
            name: "QingshanCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HJ212",
            dependencies: [
                "QingshanCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SensorThings",
            dependencies: ["QingshanCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QingshanStore",
            dependencies: [
                "QingshanCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QingshanServer",
            dependencies: [
                "QingshanCore",
                "QingshanStore",
                "HJ212",
                "SensorThings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources/profiles"), .copy("Resources/openapi.json"), .copy("Resources/console"), .copy("Resources/plans")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QingshanTools",
            dependencies: [
                "QingshanCore",
                "QingshanStore",
                "HJ212",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "qingshan",
            dependencies: [
                "QingshanServer",
                "QingshanTools",
                "QingshanStore",
                "QingshanCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What several test targets share: a seeded random number generator.
        .target(name: "QingshanTestSupport", dependencies: ["QingshanStore"], path: "Tests/Support", swiftSettings: swiftSettings),
        .testTarget(name: "QingshanCoreTests", dependencies: ["QingshanCore", "QingshanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SensorThingsTests", dependencies: ["SensorThings", "QingshanCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HJ212Tests",
            dependencies: [
                "HJ212", "QingshanCore", "QingshanTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QingshanStoreTests",
            dependencies: [
                "QingshanStore", "QingshanCore", "QingshanTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QingshanServerTests",
            dependencies: [
                "QingshanServer", "QingshanTools", "QingshanStore", "QingshanCore", "HJ212", "QingshanTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
