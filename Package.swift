// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Cardplane",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cardplane", targets: ["CardplaneCLI"]),
        // For the Benchmarks package, which builds the same application the server runs.
        .library(
            name: "CardplaneLibrary",
            targets: [
                "CardplaneCore", "CardplaneVault", "CardplaneStore", "CardplaneNetwork", "CardplaneIssuer",
                "CardplaneApp", "CardplaneHTTP", "CardplaneTelemetry",
            ]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP over HTTP only: the gRPC exporter's packages are never built.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Pure domain: error catalog, money, merchants, auth rules. No I/O, no frameworks.
        .target(name: "CardplaneCore", swiftSettings: swiftSettings),
        // Secrets: Sensitive<T>, hashing, sealing at rest, constant-time comparison.
        .target(
            name: "CardplaneVault",
            dependencies: [
                "CardplaneCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // What an operator watches: every metric, named once, made through swift-metrics.
        .target(
            name: "CardplaneTelemetry",
            dependencies: [.product(name: "CoreMetrics", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        // One store interface over SQLite and PostgreSQL; every query written once in SQLKit.
        .target(
            name: "CardplaneStore",
            dependencies: [
                "CardplaneCore", "CardplaneTelemetry",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The card provider (upstream processor) interface and the built-in simulated provider.
        .target(
            name: "CardplaneNetwork",
            dependencies: ["CardplaneCore", "CardplaneVault"],
            swiftSettings: swiftSettings
        ),
        // Use cases composing Core, Store, Vault and Network.
        .target(
            name: "CardplaneIssuer",
            dependencies: [
                "CardplaneCore", "CardplaneStore", "CardplaneVault", "CardplaneNetwork", "CardplaneTelemetry",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Postal data for address validation: every US ZIP with its state and cities (see NOTICE).
            resources: [.copy("Resources/postal")],
            swiftSettings: swiftSettings
        ),
        // The composition root: the configuration and every use case and worker built from it, for the
        // HTTP edge, the command line and the tests alike.
        .target(
            name: "CardplaneApp",
            dependencies: [
                "CardplaneCore", "CardplaneIssuer", "CardplaneStore", "CardplaneVault", "CardplaneNetwork",
                "CardplaneTelemetry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP edge: Hummingbird application, auth chain middleware, one controller per resource.
        // It reaches the store only through use cases: no CardplaneStore here.
        // ISO 8583:1987 messages: the field formats and the codec. Pure, no I/O.
        .target(name: "CardplaneISO8583", swiftSettings: swiftSettings),
        // The ISO 8583 front door: a TCP listener and the messages' mapping onto the engine.
        .target(
            name: "CardplaneISOGateway",
            dependencies: [
                "CardplaneCore", "CardplaneISO8583", "CardplaneIssuer", "CardplaneTelemetry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The operator console: server-rendered pages (swift-mustache) on the operator listener.
        .target(
            name: "CardplaneConsole",
            dependencies: [
                "CardplaneCore", "CardplaneApp", "CardplaneIssuer", "CardplaneStore", "CardplaneVault",
                "CardplaneTelemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CardplaneHTTP",
            dependencies: [
                "CardplaneCore", "CardplaneApp", "CardplaneIssuer", "CardplaneVault", "CardplaneNetwork",
                "CardplaneTelemetry", "CardplaneConsole",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document of the merchant API, served at GET /openapi.yaml.
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // The `cardplane` executable: argument parsing only.
        .executableTarget(
            name: "CardplaneCLI",
            dependencies: [
                "CardplaneCore", "CardplaneIssuer", "CardplaneStore", "CardplaneVault", "CardplaneApp", "CardplaneHTTP",
                "CardplaneNetwork", "CardplaneISOGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets: store factory for both stores, fixtures, API client.
        .target(
            name: "CardplaneTesting",
            dependencies: [
                "CardplaneCore", "CardplaneIssuer", "CardplaneStore", "CardplaneVault", "CardplaneApp", "CardplaneHTTP",
                "CardplaneNetwork",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CardplaneISO8583Tests",
            dependencies: ["CardplaneISO8583"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CardplaneCoreTests", dependencies: ["CardplaneCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CardplaneVaultTests",
            dependencies: ["CardplaneVault", "CardplaneCore", "CardplaneTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CardplaneStoreTests",
            dependencies: [
                "CardplaneStore", "CardplaneCore", "CardplaneTesting",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CardplaneIssuerTests",
            dependencies: [
                "CardplaneIssuer", "CardplaneCore", "CardplaneTesting", "CardplaneStore", "CardplaneVault",
                "CardplaneApp", "CardplaneHTTP", "CardplaneNetwork", "CardplaneTelemetry",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CardplaneHTTPTests",
            dependencies: [
                "CardplaneHTTP", "CardplaneCore", "CardplaneTesting", "CardplaneIssuer", "CardplaneStore",
                "CardplaneVault", "CardplaneNetwork", "CardplaneApp", "CardplaneTelemetry", "CardplaneISO8583",
                "CardplaneISOGateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CardplaneCLITests",
            dependencies: [
                "CardplaneTesting", "CardplaneCore", "CardplaneStore", "CardplaneVault", "CardplaneIssuer",
                "CardplaneApp", "CardplaneHTTP",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TidyTests", dependencies: ["CardplaneCore"], swiftSettings: swiftSettings),
    ]
)
