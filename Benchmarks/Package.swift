// swift-tools-version:6.2
// Ferrule's parser benchmarks: a package of their own so the root build never compiles them.
// Run through Tools/bench-cwmp.sh, or `swift build -c release --package-path Benchmarks`.
import PackageDescription

let settings: [SwiftSetting] =
    ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"].map { .enableUpcomingFeature($0) }
    + [.treatAllWarnings(as: .error)]

let package = Package(
    name: "FerruleBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Path dependencies are named after their folder unless `name:` is given (PackageDescription docs,
        // Package.Dependency.name).
        .package(name: "Ferrule", path: "..")
    ],
    targets: [
        // libxml2 for the raw-SAX ceiling, independent of Ferrule's internal CLibXML2 module.
        .systemLibrary(
            name: "CBenchLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "BenchSupport", swiftSettings: settings),
        .executableTarget(
            name: "cwmp-bench",
            dependencies: [
                .product(name: "CWMP", package: "Ferrule"),
                .product(name: "FerruleJSON", package: "Ferrule"),
                "CBenchLibXML2",
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "model-bench",
            dependencies: [
                .product(name: "CWMP", package: "Ferrule"),
                .product(name: "DataModel", package: "Ferrule"),
                .product(name: "DeviceTrees", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "rules-bench",
            dependencies: [
                .product(name: "CWMP", package: "Ferrule"),
                .product(name: "DeviceTrees", package: "Ferrule"),
                .product(name: "FerruleCore", package: "Ferrule"),
                .product(name: "Rules", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "nbi-bench",
            dependencies: [
                .product(name: "CurlHTTP", package: "Ferrule"),
                .product(name: "FerruleCore", package: "Ferrule"),
                .product(name: "FerruleJSON", package: "Ferrule"),
                .product(name: "GenieACS", package: "Ferrule"),
                .product(name: "GenieACSStandIn", package: "Ferrule"),
                .product(name: "Rules", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "campaign-bench",
            dependencies: [
                .product(name: "Campaigns", package: "Ferrule"),
                .product(name: "CurlHTTP", package: "Ferrule"),
                .product(name: "FerruleJSON", package: "Ferrule"),
                .product(name: "GenieACS", package: "Ferrule"),
                .product(name: "GenieACSStandIn", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        // VOLTHA client vs the official Python stubs (Tools/bench-python-voltha.py) on voltha-standin.
        .executableTarget(
            name: "voltha-bench",
            dependencies: [
                .product(name: "VOLTHA", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        // PON events matched against trigger rules vs the same matching in Python (Tools/bench-python-triggers.py).
        .executableTarget(
            name: "trigger-bench",
            dependencies: [
                .product(name: "PONTriggers", package: "Ferrule"),
                .product(name: "Rules", package: "Ferrule"),
                .product(name: "PONEvents", package: "Ferrule"),
                .product(name: "FerruleCore", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        // PON-aware rollout planning (PONPlanner) vs the same planning in Python (Tools/bench-python-ponplan.py).
        .executableTarget(
            name: "pon-bench",
            dependencies: [
                .product(name: "Campaigns", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        // KafkaConsumer vs the Python confluent-kafka consumer (Tools/bench-python-kafka.py) on Tansu:
        // Tools/bench-kafka.sh.
        .executableTarget(
            name: "kafka-bench",
            dependencies: [
                .product(name: "Kafka", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
        // Publish → GenieACS task latency through the `ferrule events run --rules` pipeline on Tansu and the
        // GenieACS stand-in: Tools/bench-event-latency.sh.
        .executableTarget(
            name: "event-latency-bench",
            dependencies: [
                .product(name: "CurlHTTP", package: "Ferrule"),
                .product(name: "FerruleCore", package: "Ferrule"),
                .product(name: "GenieACS", package: "Ferrule"),
                .product(name: "GenieACSStandIn", package: "Ferrule"),
                .product(name: "Kafka", package: "Ferrule"),
                .product(name: "PONEventIngest", package: "Ferrule"),
                .product(name: "PONTriggers", package: "Ferrule"),
                .product(name: "PONEvents", package: "Ferrule"),
                .product(name: "Rules", package: "Ferrule"),
                "BenchSupport",
            ],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
