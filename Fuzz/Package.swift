// swift-tools-version:6.2
// libFuzzer targets for Ferrule's readers of untrusted input. Built with
// `swift build --package-path Fuzz --sanitize=fuzzer` (Tools/fuzz.sh does it): every module,
// Ferrule's included, is instrumented, and libFuzzer supplies `main`.
import PackageDescription

/// One fuzz target: `Sources/<name>/`, entry point `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: "Ferrule") },
        // No `main`: libFuzzer's runtime provides it.
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "FerruleFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package by path, named explicitly (a path dependency is otherwise named after the clone's folder).
        .package(name: "Ferrule", path: "..")
    ],
    targets: [
        fuzzTarget("fuzz-cwmp", ["CWMP"]),
        fuzzTarget("fuzz-expression", ["Rules"]),
        fuzzTarget("fuzz-rules", ["Rules", "FerruleCore"]),
        fuzzTarget("fuzz-campaign", ["Campaigns", "FerruleCore"]),
        fuzzTarget("fuzz-policy", ["DataModel"]),
        fuzzTarget("fuzz-csv-tree", ["CWMP", "DeviceTrees"]),
        fuzzTarget("fuzz-nbi-tree", ["CWMP", "DeviceTrees"]),
        fuzzTarget("fuzz-json", ["FerruleJSON"]),
        fuzzTarget("fuzz-events", ["PONEvents"]),
        fuzzTarget("fuzz-event-wire", ["PONEvents"]),
        fuzzTarget("fuzz-standin-query", ["GenieACSStandIn"]),
    ]
)
