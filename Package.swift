// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Emporium",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "emporium", targets: ["emporium"]),
        .executable(name: "EmporiumFuzz", targets: ["EmporiumFuzz"]),
        .library(name: "EmporiumCore", targets: ["EmporiumCore"]),
        .library(name: "EmporiumServer", targets: ["EmporiumServer"]),
        .library(name: "EmporiumPluginKit", targets: ["EmporiumPluginKit"]),
        .library(name: "EmporiumFeeds", targets: ["EmporiumFeeds"]),
        .library(name: "QuantityLimits", type: .dynamic, targets: ["QuantityLimits"]),
        .library(name: "CatalogEnrichment", type: .dynamic, targets: ["CatalogEnrichment"]),
        .library(name: "FlatRateShipping", type: .dynamic, targets: ["FlatRateShipping"]),
        .library(name: "TestGateway", type: .dynamic, targets: ["TestGateway"]),
        .library(name: "CSVCatalogSource", type: .dynamic, targets: ["CSVCatalogSource"]),
        .library(name: "Promotions", type: .dynamic, targets: ["Promotions"]),
        .library(name: "TaxRates", type: .dynamic, targets: ["TaxRates"]),
        .library(name: "FixtureStaffDiscount", type: .dynamic, targets: ["FixtureStaffDiscount"]),
        .executable(name: "PluginCallBench", targets: ["PluginCallBench"]),
        .library(name: "FixtureWrongABIVersion", type: .dynamic, targets: ["FixtureWrongABIVersion"]),
        .library(name: "FixtureBadManifest", type: .dynamic, targets: ["FixtureBadManifest"]),
        .library(name: "FixtureCrashing", type: .dynamic, targets: ["FixtureCrashing"]),
        .library(name: "FixtureSleeping", type: .dynamic, targets: ["FixtureSleeping"]),
        .library(name: "FixtureMalformedJSON", type: .dynamic, targets: ["FixtureMalformedJSON"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", from: "4.3.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        .target(name: "CEmporiumPluginABI"),
        .target(name: "EmporiumPluginKit", dependencies: ["CEmporiumPluginABI"], swiftSettings: strictSettings),
        .target(
            name: "QuantityLimits", dependencies: ["EmporiumPluginKit", "CEmporiumPluginABI"],
            path: "Plugins/QuantityLimits", swiftSettings: strictSettings),
        .target(
            name: "CatalogEnrichment", dependencies: ["EmporiumPluginKit", "CEmporiumPluginABI"],
            path: "Plugins/CatalogEnrichment", swiftSettings: strictSettings),
        .target(
            name: "TestGateway",
            dependencies: [
                "EmporiumPluginKit", "CEmporiumPluginABI", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Plugins/TestGateway", swiftSettings: strictSettings),
        .target(
            name: "CSVCatalogSource", dependencies: ["EmporiumPluginKit", "CEmporiumPluginABI"],
            path: "Plugins/CSVCatalogSource", swiftSettings: strictSettings),
        .target(
            name: "PromotionsLogic", dependencies: ["EmporiumPluginKit"], path: "Plugins/Promotions/Logic",
            swiftSettings: strictSettings),
        .target(
            name: "Promotions", dependencies: ["PromotionsLogic", "EmporiumPluginKit", "CEmporiumPluginABI"],
            path: "Plugins/Promotions/Entry", swiftSettings: strictSettings),
        .target(
            name: "TaxRates", dependencies: ["EmporiumPluginKit", "CEmporiumPluginABI"], path: "Plugins/TaxRates",
            swiftSettings: strictSettings),
        .target(
            name: "FixtureStaffDiscount", dependencies: ["FixtureSupport"], path: "Plugins/Fixtures/StaffDiscount"),
        .executableTarget(
            name: "PluginCallBench",
            dependencies: ["PromotionsLogic", "EmporiumPluginHost", "EmporiumCore", "CEmporiumPluginABI"],
            path: "Benchmarks/PluginCalls", swiftSettings: strictSettings),
        .target(name: "FixtureSupport", dependencies: ["CEmporiumPluginABI"], path: "Plugins/Fixtures/Support"),
        .target(name: "FlatRateShipping", dependencies: ["CEmporiumPluginABI"], path: "Plugins/FlatRateShipping"),
        .target(
            name: "FixtureWrongABIVersion", dependencies: ["FixtureSupport"],
            path: "Plugins/Fixtures/WrongABIVersion"),
        .target(name: "FixtureBadManifest", dependencies: ["FixtureSupport"], path: "Plugins/Fixtures/BadManifest"),
        .target(name: "FixtureCrashing", dependencies: ["FixtureSupport"], path: "Plugins/Fixtures/Crashing"),
        .target(name: "FixtureSleeping", dependencies: ["FixtureSupport"], path: "Plugins/Fixtures/Sleeping"),
        .target(name: "FixtureMalformedJSON", dependencies: ["FixtureSupport"], path: "Plugins/Fixtures/MalformedJSON"),
        .target(
            name: "EmporiumPluginHost",
            dependencies: [
                "CEmporiumPluginABI",
                "EmporiumCore",
                "EmporiumPluginKit",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EmporiumCore",
            swiftSettings: strictSettings
        ),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev", "zlib1g-dev"])]),
        .target(name: "EmporiumFeeds", dependencies: ["EmporiumCore", "CLibXML2"], swiftSettings: strictSettings),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(
            name: "EmporiumPostgres",
            dependencies: [
                "EmporiumCore",
                "CLibPQ",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EmporiumGraphQL",
            dependencies: [
                "EmporiumCore",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EmporiumServer",
            dependencies: [
                "EmporiumCore",
                "EmporiumPostgres",
                "EmporiumGraphQL",
                "EmporiumPluginHost",
                "EmporiumPluginKit",
                "EmporiumFeeds",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "emporium",
            dependencies: [
                "EmporiumServer",
                "EmporiumGraphQL",
                "EmporiumPluginHost",
                "EmporiumFeeds",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "EmporiumFuzz",
            dependencies: ["EmporiumGraphQL", "EmporiumCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EmporiumTesting",
            dependencies: [
                "EmporiumCore",
                "EmporiumPostgres",
                "EmporiumServer",
                "CLibXML2",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EmporiumPluginTests",
            dependencies: [
                "EmporiumPluginHost", "EmporiumServer", "EmporiumTesting", "PromotionsLogic",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "EmporiumPluginKitTests", dependencies: ["EmporiumPluginKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "PromotionsLogicTests", dependencies: ["PromotionsLogic", "EmporiumPluginKit"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EmporiumFeedsTests", dependencies: ["EmporiumFeeds", "EmporiumCore", "EmporiumTesting", "CLibXML2"],
            exclude: ["Golden"], swiftSettings: strictSettings),
        .testTarget(
            name: "EmporiumFeedIntegrationTests",
            dependencies: ["EmporiumTesting", "EmporiumServer", "EmporiumPostgres", "EmporiumFeeds", "CLibXML2"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "EmporiumCoreTests",
            dependencies: ["EmporiumCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EmporiumGraphQLTests",
            dependencies: ["EmporiumGraphQL", "EmporiumCore", "EmporiumServer"],
            exclude: ["graphql.dict"],
            resources: [.copy("FuzzCorpus")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EmporiumIntegrationTests",
            dependencies: [
                "EmporiumTesting",
                "EmporiumServer",
                "EmporiumPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
