// swift-tools-version:6.2
// Builds the swift-openapi-generator command Tools/generate-openapi.sh runs, pinned exactly to the
// version whose output the root package's OpenAPI runtime (1.13.4) builds. CI never builds this
// package: the generated code is committed (Sources/FerruleServer/Generated).
import PackageDescription

let package = Package(
    name: "OpenAPIGenerator",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")
    ],
    targets: []
)
