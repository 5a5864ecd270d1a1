// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Ferrule",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferrule", targets: ["ferrule"]),
        .library(name: "CWMP", targets: ["CWMP"]),
        .library(name: "DataModel", targets: ["DataModel"]),
        .library(name: "Rules", targets: ["Rules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "CWMP",
            dependencies: ["CLibXML2"]
        ),
        .target(
            name: "DataModel",
            dependencies: ["CWMP", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Rules",
            dependencies: ["CWMP", "DataModel", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "ferrule",
            dependencies: [
                "CWMP",
                "DataModel",
                "Rules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CWMPTests",
            dependencies: ["CWMP"]
        ),
        .testTarget(
            name: "DataModelTests",
            dependencies: ["DataModel", "CWMP"]
        ),
        .testTarget(
            name: "RulesTests",
            dependencies: ["Rules", "CWMP"]
        ),
        .testTarget(
            name: "ferruleTests",
            dependencies: ["ferrule", "CWMP"]
        ),
    ]
)

// One set of language settings for every Swift target (swift-engineering.md §3.2).
for target in package.targets where [.regular, .test, .executable].contains(target.type) {
    target.swiftSettings =
        (target.swiftSettings ?? [])
        + ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"].map {
            .enableUpcomingFeature($0)
        }
        + [.treatAllWarnings(as: .error)]
}
