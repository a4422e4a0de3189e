// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so the main build and CI never compile them.
let package = Package(
    name: "CardplaneBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Cardplane", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // The floor of the edge benchmark: a Hummingbird hello-world.
        .executableTarget(
            name: "HelloFloor",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "TransferBenchmark",
            dependencies: [
                .product(name: "CardplaneLibrary", package: "Cardplane"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "AuthorizationBenchmark",
            dependencies: [
                .product(name: "CardplaneLibrary", package: "Cardplane"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
