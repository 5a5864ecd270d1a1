import GRPCCore
import GRPCInProcessTransport
import GRPCProtobuf
import SwiftProtobuf
import VOLTHAMessages

@testable import VOLTHA

/// An in-process gRPC server answering chosen VOLTHA methods with canned replies or errors, so
/// the client's mapping of every status (and of Extension errors inside replies) is tested
/// without a network. Methods not registered answer UNIMPLEMENTED, as grpc does.
struct FakeVoltha: RegistrableRPCService {
    private var routes: [any FakeRoute] = []

    /// Answers `method` with `reply(request)` (which may throw an `RPCError`).
    mutating func on<In: SwiftProtobuf.Message, Out: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ reply: @escaping @Sendable (In) async throws -> Out
    ) {
        routes.append(Route(method: method, reply: reply))
    }

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for route in routes { route.register(with: &router) }
    }

    /// Runs `body` with a ``VolthaClient`` connected to this fake in process.
    func withClient<T: Sendable>(
        callTimeout: Duration = .seconds(120),
        _ body: (VolthaClient) async throws -> T
    ) async throws -> T {
        let transport = InProcessTransport()
        return try await withGRPCServer(transport: transport.server, services: [self]) { _ in
            try await withGRPCClient(transport: transport.client) { grpc in
                let client = VolthaClient(
                    voltha: Voltha_VolthaService.Client(wrapping: grpc),
                    extensions: Extension_Extension.Client(wrapping: grpc),
                    address: "fake-voltha:55555",
                    callTimeout: callTimeout
                )
                return try await body(client)
            }
        }
    }
}

private protocol FakeRoute: Sendable {
    func register<Transport: ServerTransport>(with router: inout RPCRouter<Transport>)
}

private struct Route<In: SwiftProtobuf.Message, Out: SwiftProtobuf.Message>: FakeRoute {
    let method: MethodDescriptor
    let reply: @Sendable (In) async throws -> Out

    func register<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let reply = self.reply
        router.registerHandler(
            forMethod: method,
            deserializer: ProtobufDeserializer<In>(),
            serializer: ProtobufSerializer<Out>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            let out = try await reply(single.message)
            return StreamingServerResponse(single: ServerResponse(message: out))
        }
    }
}

/// Devices as VOLTHA returns them, for tests.
enum Samples {
    static func olt(_ id: String = "olt-1", serial: String = "BBSIM_OLT_0") -> Device_Device {
        var d = Device_Device()
        d.id = id
        d.type = "openolt"
        d.root = true
        d.serialNumber = serial
        d.address = .hostAndPort("10.0.0.5:50060")
        d.adminState = .enabled
        d.operStatus = .active
        d.connectStatus = .reachable
        return d
    }

    static func onu(_ id: String, serial: String, olt: String = "olt-1", pon: UInt32 = 0, onuID: UInt32 = 1)
        -> Device_Device
    {
        var d = Device_Device()
        d.id = id
        d.type = "brcm_openomci_onu"
        d.root = false
        d.parentID = olt
        d.parentPortNo = (2 << 28) | pon
        d.serialNumber = serial
        d.vendorID = String(serial.prefix(4))
        d.adminState = .enabled
        d.operStatus = .active
        d.connectStatus = .reachable
        d.reason = "initial-mib-downloaded"
        d.proxyAddress.deviceID = olt
        d.proxyAddress.channelID = pon
        d.proxyAddress.onuID = onuID
        var image = Device_Image()
        image.name = "image0"
        image.version = "V1.0.7"
        image.isActive = true
        var standby = Device_Image()
        standby.name = "image1"
        standby.version = "V1.0.6"
        d.images.image = [image, standby]
        return d
    }

    static func ponPort(_ intf: UInt32, device: String = "olt-1") -> Device_Port {
        var p = Device_Port()
        p.portNo = (2 << 28) | intf
        p.label = "pon-\(intf)"
        p.type = .ponOlt
        p.deviceID = device
        return p
    }
}
