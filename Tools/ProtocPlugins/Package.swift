// swift-tools-version:6.2
// Builds the two protoc plugins Tools/generate-protos.sh needs, pinned exactly to the runtime
// versions the root package links (a plugin newer than the runtime generates code it cannot build).
// CI never builds this package.
import PackageDescription

let package = Package(
    name: "ProtocPlugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
    ],
    targets: []
)
