// swift-tools-version: 6.2
// The libFuzzer targets: the HJ 212 framer and parser, the SensorThings query options, and the other inputs
// from outside (RFC 3339, CSV lines, profile YAML, split uploads). A package of its own so that the main build
// never links a program without `main`; build and run them with `Fuzz/run.sh`.
import PackageDescription

let package = Package(
    name: "qingshan-fuzz",
    dependencies: [
        .package(name: "qingshan", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "HJ212Fuzz",
            dependencies: [
                .product(name: "HJ212", package: "qingshan"),
                .product(name: "QingshanCore", package: "qingshan"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "QueryFuzz",
            dependencies: [
                .product(name: "SensorThings", package: "qingshan"),
                .product(name: "QingshanCore", package: "qingshan"),
            ]
        ),
        .executableTarget(
            name: "InputFuzz",
            dependencies: [
                .product(name: "HJ212", package: "qingshan"),
                .product(name: "QingshanCore", package: "qingshan"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
