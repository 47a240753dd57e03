// swift-tools-version: 6.2
// The libFuzzer target for the HJ 212 framer and parser. A package of its own so that the main build never
// links a program without `main`; build and run it with `Fuzz/run.sh`.
import PackageDescription

let package = Package(
    name: "qingshan-fuzz",
    dependencies: [
        .package(name: "qingshan", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .executableTarget(
            name: "HJ212Fuzz",
            dependencies: [
                .product(name: "HJ212", package: "qingshan"),
                .product(name: "QingshanCore", package: "qingshan"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        )
    ]
)
