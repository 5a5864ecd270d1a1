// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Ferrule",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferrule", targets: ["ferrule"]),
        .library(name: "CWMP", targets: ["CWMP"]),
        .library(name: "DataModel", targets: ["DataModel"]),
        .library(name: "DeviceTrees", targets: ["DeviceTrees"]),
        .library(name: "Rules", targets: ["Rules"]),
        .library(name: "FerruleCore", targets: ["FerruleCore"]),
        .library(name: "FerruleJSON", targets: ["FerruleJSON"]),
        .library(name: "CurlHTTP", targets: ["CurlHTTP"]),
        .library(name: "GenieACS", targets: ["GenieACS"]),
        .library(name: "Campaigns", targets: ["Campaigns"]),
        .library(name: "GenieACSStandIn", targets: ["GenieACSStandIn"]),
        .executable(name: "genieacs-standin", targets: ["genieacs-standin"]),
        .library(name: "VOLTHA", targets: ["VOLTHA"]),
        .library(name: "PONEvents", targets: ["PONEvents"]),
        .library(name: "FerruleServer", targets: ["FerruleServer"]),
        .library(name: "PONTriggers", targets: ["PONTriggers"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "PONEventIngest", targets: ["PONEventIngest"]),
        .library(name: "PONCampaigns", targets: ["PONCampaigns"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // VOLTHA's northbound gRPC API (generated code committed: Tools/generate-protos.sh).
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        // `ferrule serve`: Hummingbird 2, server code generated from openapi/ferrule.yaml (committed:
        // Tools/generate-openapi.sh), logs, metrics with a Prometheus exporter.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", exact: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", exact: "2.1.0"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        // `ferrule serve` TLS (HummingbirdTLS builds on it) and graceful shutdown.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        // `ferrule serve` JWT bearer verification (docs/serve.md).
        .package(url: "https://github.com/vapor/jwt-kit.git", exact: "5.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // librdkafka (Debian librdkafka-dev 2.0.2 headers; runs against any librdkafka.so.1, docs/kafka.md).
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(name: "FerruleJSON"),
        // The foundation: source locations, diagnostics, the YAML reader, ${…} templates and secrets.
        .target(
            name: "FerruleCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(name: "ContentHash"),
        // The artifacts `ferrule compile` writes and plan/deploy read back: their ownership marker.
        .target(name: "FerruleArtifacts", dependencies: ["ContentHash", "FerruleJSON"]),
        .target(
            name: "CWMP",
            dependencies: ["CLibXML2", "FerruleJSON"]
        ),
        // Parameter trees from files: CWMP messages, GenieACS NBI device documents and CSV exports.
        .target(
            name: "DeviceTrees",
            dependencies: ["CWMP", "FerruleJSON"]
        ),
        // Async HTTP/1.1 over libcurl's multi interface: keeps the reason phrase GenieACS reports in.
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl"]
        ),
        .target(
            name: "GenieACS",
            dependencies: [
                "CurlHTTP", "FerruleCore", "FerruleJSON", "ContentHash", "CWMP", "DeviceTrees", "FerruleArtifacts",
            ]
        ),
        // How every state database is opened (WAL, FULL sync, owner-only) and the one-writer lease table.
        .target(
            name: "FerruleStore",
            dependencies: ["FerruleCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Firmware and mass-configuration campaigns: files, engine, SQLite store.
        .target(
            name: "Campaigns",
            dependencies: [
                "GenieACS", "Rules", "CWMP", "DataModel", "DeviceTrees", "FerruleCore", "FerruleJSON", "FerruleStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The GenieACS 1.2 NBI stand-in (lib/nbi.ts at tag v1.2.16), a test double that lives with the tools.
        .target(
            name: "GenieACSStandIn",
            dependencies: [
                "CWMP",
                "DeviceTrees",
                "FerruleCore",
                "FerruleJSON",
                // Only for InMemoryGenieACS, which serves the production NBI protocol in process.
                "GenieACS",
                "CurlHTTP",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tools/GenieACSStandIn",
            exclude: ["README.md", "scenarios"]
        ),
        .executableTarget(
            name: "genieacs-standin",
            dependencies: [
                "GenieACSStandIn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/genieacs-standin"
        ),
        // VOLTHA's protobuf messages (voltha-protos, generated with package access by Tools/generate-protos.sh):
        // what the event decoder and the gRPC client share, without gRPC.
        .target(
            name: "VOLTHAMessages",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // PON events without gRPC: the decoder (binary and JSON), normalisation, storms, replay files, and
        // the SQLite event store (alarms, outbox, consumer offsets and lease).
        .target(
            name: "PONEvents",
            dependencies: [
                "VOLTHAMessages", "FerruleJSON", "FerruleStore",
                // Diagnostics and the YAML reader of the storm settings and severity overrides.
                "FerruleCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // VOLTHA northbound client (gRPC), ONU inventory, SADIS server and ONOS olt-app provisioning; the
        // events derived from the inventory (reconciliation) and the PON-down port resolver.
        .target(
            name: "VOLTHA",
            dependencies: [
                "VOLTHAMessages", "PONEvents",
                "CurlHTTP",
                "FerruleJSON",
                // Diagnostics, bounded reads, percent-encoding.
                "FerruleCore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // PON events → trigger rules → planned actions on GenieACS, campaigns and webhooks; ONU ↔ CPE correlation.
        .target(
            name: "PONTriggers",
            dependencies: [
                "PONEvents", "Rules", "GenieACS", "Campaigns", "CurlHTTP", "DeviceTrees", "FerruleCore", "FerruleJSON",
                "ContentHash", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // PON-aware campaigns: topology from a file or VOLTHA's inventory, health and storms from the event store.
        .target(
            name: "PONCampaigns",
            dependencies: ["Campaigns", "VOLTHA", "PONEvents", "PONTriggers", "Rules", "FerruleStore", "FerruleCore"]
        ),
        // `ferrule serve`: the REST API (openapi/ferrule.yaml), tokens and tenants, metrics, the runner.
        .target(
            name: "FerruleServer",
            dependencies: [
                "Campaigns", "GenieACS", "VOLTHA", "PONEvents", "Rules", "DataModel", "DeviceTrees", "FerruleCore",
                "FerruleJSON",
                "ContentHash", "CurlHTTP", "CWMP", "FerruleArtifacts", "PONCampaigns", "FerruleStore",
                "PONEventIngest", "PONTriggers", "Kafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            exclude: ["Generated/README.md"]
        ),
        // Kafka consumer over librdkafka: consumer group, explicit commits, connection state.
        .target(
            name: "Kafka",
            dependencies: ["CRdKafka", "FerruleCore", "FerruleJSON"]
        ),
        // `ferrule events run`: Kafka records → decoded PON events → planned trigger actions → the event store
        // (event, offset and actions in one transaction) → commit → the outbox performed (PONTriggers).
        .target(
            name: "PONEventIngest",
            dependencies: ["Kafka", "VOLTHA", "PONEvents", "PONTriggers", "FerruleCore", "FerruleStore"]
        ),
        // The Kafka consumer options `ferrule events run` and `kafka-probe` share.
        .target(
            name: "KafkaCommandLine",
            dependencies: ["Kafka", "FerruleCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Consumes a topic with KafkaConsumer and prints records, commits and connection states
        // (broker tests run it in a child process with librdkafka 2.16; Tools/kafka-broker.sh).
        .executableTarget(
            name: "kafka-probe",
            dependencies: [
                "Kafka", "KafkaCommandLine", "ContentHash", "FerruleCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/kafka-probe"
        ),
        .target(
            name: "DataModel",
            dependencies: ["CWMP", "DeviceTrees", "FerruleCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Rules",
            dependencies: [
                "CWMP", "DataModel", "DeviceTrees", "ContentHash", "FerruleCore", "FerruleJSON", "FerruleArtifacts",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "ferrule",
            dependencies: [
                "CWMP",
                "DataModel",
                "DeviceTrees",
                "Rules",
                "FerruleCore",
                "FerruleJSON",
                "GenieACS",
                "Campaigns",
                "FerruleStore",
                "FerruleArtifacts",
                "VOLTHA",
                "PONEvents",
                "PONTriggers",
                "Kafka",
                "KafkaCommandLine",
                "PONEventIngest",
                "FerruleServer",
                "PONCampaigns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: processes, servers (the Python stand-ins too), node, repository paths.
        // No product uses it.
        .target(name: "FerruleTestSupport", path: "Tests/FerruleTestSupport"),
        .testTarget(name: "FerruleTestSupportTests", dependencies: ["FerruleTestSupport"]),
        .testTarget(
            name: "CWMPTests",
            dependencies: ["CWMP", "DeviceTrees", "FerruleTestSupport"]
        ),
        .testTarget(
            name: "DataModelTests",
            dependencies: ["DataModel", "CWMP", "DeviceTrees", "FerruleCore", "FerruleTestSupport"]
        ),
        .testTarget(
            name: "RulesTests",
            dependencies: [
                "Rules", "CWMP", "DeviceTrees", "ContentHash", "FerruleCore", "FerruleArtifacts", "FerruleJSON",
                "FerruleTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "FerruleCoreTests",
            dependencies: ["FerruleCore"]
        ),
        .testTarget(
            name: "FerruleJSONTests",
            dependencies: ["FerruleJSON"]
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: ["CurlHTTP", "FerruleTestSupport"]
        ),
        // The NBI contract suite: against the stand-in, or a real GenieACS when GENIEACS_URL is set.
        .testTarget(
            name: "GenieACSTests",
            dependencies: [
                "GenieACS", "GenieACSStandIn", "DeviceTrees", "FerruleCore", "FerruleJSON", "CurlHTTP",
                "FerruleArtifacts", "FerruleTestSupport",
            ]
        ),
        .testTarget(
            name: "CampaignsTests",
            dependencies: [
                "Campaigns", "GenieACS", "GenieACSStandIn", "Rules", "FerruleCore", "FerruleJSON", "FerruleStore",
                "FerruleTestSupport", "CurlHTTP", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "GenieACSStandInTests",
            dependencies: ["GenieACSStandIn", "FerruleJSON"]
        ),
        // Unit tests on an in-process gRPC server, and the contract suite against voltha-standin (or a
        // real VOLTHA when VOLTHA_ADDRESS is set).
        .testTarget(
            name: "VOLTHATests",
            dependencies: [
                "VOLTHA",
                "PONEvents",
                "VOLTHAMessages",
                "FerruleTestSupport",
                "CurlHTTP",
                "FerruleJSON",
                "FerruleCore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PONTriggersTests",
            dependencies: [
                "PONTriggers", "PONEvents", "Rules", "GenieACS", "GenieACSStandIn", "Campaigns", "CurlHTTP",
                "FerruleCore", "FerruleJSON", "FerruleStore", "FerruleTestSupport",
            ]
        ),
        .testTarget(
            name: "PONCampaignsTests",
            dependencies: ["PONCampaigns", "Campaigns", "PONEvents", "VOLTHA", "FerruleCore", "FerruleTestSupport"]
        ),
        // The API's routes and the server's middleware, tokens, configuration and runner, in process (HummingbirdTesting).
        .testTarget(
            name: "FerruleServerTests",
            dependencies: [
                "FerruleServer", "FerruleTestSupport", "Campaigns", "FerruleCore", "FerruleJSON", "FerruleStore",
                "GenieACS", "GenieACSStandIn", "VOLTHA", "PONCampaigns", "PONEvents", "PONEventIngest", "PONTriggers",
                "Kafka",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Configuration and errors without a broker; consumption, offsets and reconnection against
        // Tansu (Tools/kafka-broker.sh) through kafka-probe; `ferrule events run` end to end.
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka", "CRdKafka", "kafka-probe", "ferrule", "genieacs-standin", "VOLTHA", "PONEvents",
                "FerruleTestSupport",
            ]
        ),
        .testTarget(
            name: "ferruleTests",
            dependencies: [
                "ferrule", "genieacs-standin", "CWMP", "FerruleTestSupport", "PONEvents", "PONTriggers", "Rules",
                "FerruleStore", "Campaigns",
            ]
        ),
    ]
)

// One set of language settings for every Swift target (SE-0335, SE-0444, SE-0409).
for target in package.targets where [.regular, .test, .executable].contains(target.type) {
    target.swiftSettings =
        (target.swiftSettings ?? [])
        + ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"].map {
            .enableUpcomingFeature($0)
        }
        + [.treatAllWarnings(as: .error)]
}
