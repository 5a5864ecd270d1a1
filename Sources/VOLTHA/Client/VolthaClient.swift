import FerruleCore
internal import GRPCCore
internal import GRPCNIOTransportHTTP2
internal import SwiftProtobuf
internal import VOLTHAMessages

/// A client for VOLTHA's northbound gRPC API (`voltha.VolthaService` and `extension.Extension`)
/// on one HTTP/2 connection, with a deadline on every call.
///
/// Get one from ``withVolthaClient(_:_:)``; it is valid inside that closure only. It never opens
/// `ReceiveChangeEvents`, `ReceivePacketsIn` or `StreamPacketsOut`: those streams have a single
/// consumer and a second subscriber ends the SDN controller's
/// (`voltha-go:rw_core/core/device/event/event.go`, `getStreamingTracker`).
public struct VolthaClient: Sendable {
    let voltha: any Voltha_VolthaService.ClientProtocol
    let extensions: any Extension_Extension.ClientProtocol
    /// The address the client talks to, for messages.
    public let address: String
    let callTimeout: Duration

    init(
        voltha: any Voltha_VolthaService.ClientProtocol,
        extensions: any Extension_Extension.ClientProtocol,
        address: String,
        callTimeout: Duration
    ) {
        self.voltha = voltha
        self.extensions = extensions
        self.address = address
        self.callTimeout = callTimeout
    }

    /// The largest reply accepted: `ListDevices` for 10,000 ONUs is about 3 MB and for 100,000
    /// about 30 MB, past gRPC's usual 4 MiB limit (voltctl raises it the same way).
    public static let maximumReplyBytes = 256 << 20

    /// Call options: the configured deadline, the reply cap, and no waiting for a connection that
    /// failed (so an unreachable VOLTHA is reported at once, not at the deadline).
    var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = callTimeout
        options.waitForReady = false
        // grpc-swift-nio-transport applies maxRequestMessageBytes to the inbound stream too
        // (Connection.swift `maxPayloadSize: maxRequestSize`), so both are raised.
        options.maxRequestMessageBytes = Self.maximumReplyBytes
        options.maxResponseMessageBytes = Self.maximumReplyBytes
        return options
    }

    /// The longest id sent. VOLTHA's ids are short (device ids 16 hex digits, serials a dozen
    /// characters); VOLTHA's NOT_FOUND status repeats the id, and a status message over HTTP/2's
    /// 16 KiB header list limit resets the stream, which would read as VOLTHA unreachable.
    static let maximumIDBytes = 1024

    /// Runs `body` on `rpc`, turning gRPC failures into ``VolthaError``.
    func call<T: Sendable>(
        _ rpc: String,
        subject: String? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        if let subject, subject.utf8.count > Self.maximumIDBytes {
            throw VolthaError(
                .notFound,
                "no device \(String(subject.prefix(40)))… (\(subject.utf8.count) bytes; ids are at most "
                    + "\(Self.maximumIDBytes))",
                target: address,
                detail: "\(rpc): not sent"
            )
        }
        do {
            return try await body()
        } catch let error as RPCError {
            throw VolthaError(rpc: rpc, status: error, subject: subject, target: address, deadline: callTimeout)
        }
    }
}

/// Connects to VOLTHA, runs `body` with a client on one HTTP/2 connection, then closes it.
///
/// - Parameters:
///   - configuration: address, TLS, deadlines and keepalive.
///   - body: the work; the client must not escape it.
/// - Throws: ``VolthaError`` for VOLTHA failures, and whatever `body` throws.
public func withVolthaClient<Result: Sendable>(
    _ configuration: VolthaConfiguration,
    _ body: (VolthaClient) async throws -> Result
) async throws -> Result {
    let security: HTTP2ClientTransport.Posix.TransportSecurity
    switch configuration.security {
    case .plaintext:
        security = .plaintext
    case .tls(let caFile):
        // Read through the bounded reader (a FIFO or a device is refused at once, README.md
        // "Limits on input"), then handed to the transport as bytes.
        var bundle: [UInt8]?
        if let caFile {
            do {
                bundle = try BoundedFileReader.read(caFile)
            } catch {
                throw VolthaError(
                    .invalidInput,
                    "the CA bundle (--voltha-ca) \(DisplayText.value(caFile)) cannot be read: \(error.reason)",
                    target: configuration.address
                )
            }
            // The transport's own error for anything else is `failedToLoadCertificate`, naming
            // neither the option nor the file.
            guard let text = bundle.map({ String(decoding: $0, as: UTF8.self) }),
                text.contains("-----BEGIN CERTIFICATE-----")
            else {
                throw VolthaError(
                    .invalidInput,
                    "the CA bundle (--voltha-ca) \(DisplayText.value(caFile)) is not PEM: it has no "
                        + "-----BEGIN CERTIFICATE----- block. Give the certificate of the CA that signed VOLTHA's, "
                        + "in PEM (openssl x509 -inform der -in ca.der -out ca.pem converts a DER one)",
                    target: configuration.address
                )
            }
        }
        let roots = bundle
        security = .tls { tls in
            if let roots { tls.trustRoots = .certificates([.bytes(roots, format: .pem)]) }
        }
    }
    let transportConfig = HTTP2ClientTransport.Posix.Config.defaults { config in
        if let policy = VolthaConfiguration.keepalivePolicy(configuration.keepalive) {
            config.connection.keepalive = .init(
                time: policy.time,
                timeout: .seconds(20),
                allowWithoutCalls: policy.allowWithoutCalls
            )
        }
    }
    let transport: HTTP2ClientTransport.Posix
    do {
        transport = try HTTP2ClientTransport.Posix(
            target: volthaTarget(host: configuration.host, port: configuration.port),
            transportSecurity: security,
            config: transportConfig
        )
    } catch {
        var caFile: String?
        if case .tls(let file) = configuration.security { caFile = file }
        throw VolthaError(
            .invalidInput,
            "cannot set up a connection: \(String(describing: error).shortened())"
                + (caFile.map { "; check the CA bundle (--voltha-ca) \(DisplayText.value($0)): PEM certificates" } ?? ""),
            target: configuration.address
        )
    }
    // As grpc-swift's `withGRPCClient`, but its graceful shutdown is bounded: against a peer that
    // accepted the TCP connection and never answered the HTTP/2 preface (a hung core, a
    // black-holing proxy), or a name that does not resolve, the connection never finishes closing,
    // and a health probe or a server's shutdown would wait for ever.
    let grpc = GRPCClient(transport: transport)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await grpc.runConnections() }
        let client = VolthaClient(
            voltha: Voltha_VolthaService.Client(wrapping: grpc),
            extensions: Extension_Extension.Client(wrapping: grpc),
            address: configuration.address,
            callTimeout: configuration.callTimeout
        )
        let result: Result
        do {
            result = try await body(client)
        } catch {
            group.cancelAll()
            throw error
        }
        grpc.beginGracefulShutdown()
        group.addTask { try await Task.sleep(for: volthaCloseTimeout) }
        // The connections closed, or the close deadline passed: either way, done.
        _ = try? await group.next()
        group.cancelAll()
        return result
    }
}

/// The resolver target for `host`: an IP address literal as itself, a name through DNS. A literal
/// must not go through `.dns`: its text would become the TLS server name (SNI), which TLS forbids
/// for an address (RFC 6066 section 3) and NIOSSL refuses before connecting
/// (`cannotUseIPAddressInSNI`), so `--voltha-tls` to `10.0.0.5:55555` could never connect. Without
/// a name, the certificate is checked against the address (its IP subjectAltName).
func volthaTarget(host: String, port: Int) -> any ResolvableTarget {
    if host.contains(":") { return ResolvableTargets.IPv6.ipv6(address: host, port: port) }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) {
        return ResolvableTargets.IPv4.ipv4(address: host, port: port)
    }
    return ResolvableTargets.DNS.dns(host: host, port: port)
}

/// How long a finished ``withVolthaClient(_:_:)`` waits for its connection to close gracefully
/// before cutting it.
let volthaCloseTimeout: Duration = .seconds(2)
