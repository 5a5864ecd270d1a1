// swift-tools-version:6.2
// Ferrule's parser benchmarks: a package of their own so the root build never compiles them.
// Run through Tools/bench-cwmp.sh, or `swift build -c release --package-path Benchmarks`.
import PackageDescription

let settings: [SwiftSetting] =
    ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"].map { .enableUpcomingFeature($0) }
    + [.treatAllWarnings(as: .error)]

/// A benchmark executable on Ferrule's `products` and `also` (BenchSupport unless said otherwise).
func benchmark(_ name: String, ferrule products: [String], also: [Target.Dependency] = ["BenchSupport"]) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: "Ferrule") } + also,
        swiftSettings: settings
    )
}

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
        benchmark("cwmp-bench", ferrule: ["CWMP", "FerruleJSON"], also: ["CBenchLibXML2"]),
        benchmark("model-bench", ferrule: ["CWMP", "DataModel", "DeviceTrees"]),
        benchmark("rules-bench", ferrule: ["CWMP", "DeviceTrees", "FerruleCore", "Rules"]),
        benchmark(
            "nbi-bench",
            ferrule: ["CurlHTTP", "FerruleCore", "FerruleJSON", "GenieACS", "GenieACSStandIn", "Rules"]
        ),
        benchmark("campaign-bench", ferrule: ["Campaigns", "CurlHTTP", "FerruleJSON", "GenieACS", "GenieACSStandIn"]),
        // VOLTHA client vs the official Python stubs (Tools/bench-python-voltha.py) on voltha-standin.
        benchmark("voltha-bench", ferrule: ["VOLTHA"]),
        // PON events matched against trigger rules vs the same matching in Python (Tools/bench-python-triggers.py).
        benchmark("trigger-bench", ferrule: ["PONTriggers", "Rules", "PONEvents", "FerruleCore"]),
        // PON-aware rollout planning (PONPlanner) vs the same planning in Python (Tools/bench-python-ponplan.py).
        benchmark("pon-bench", ferrule: ["Campaigns"]),
        // KafkaConsumer vs the Python confluent-kafka consumer (Tools/bench-python-kafka.py) on Tansu:
        // Tools/bench-kafka.sh.
        benchmark("kafka-bench", ferrule: ["Kafka"]),
        // Publish → GenieACS task latency through the `ferrule events run --rules` pipeline on Tansu and the
        // GenieACS stand-in: Tools/bench-event-latency.sh.
        benchmark(
            "event-latency-bench",
            ferrule: [
                "CurlHTTP", "FerruleCore", "GenieACS", "GenieACSStandIn", "Kafka", "PONEventIngest", "PONTriggers",
                "PONEvents", "Rules",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
