import FerruleJSON
import FerruleTestSupport
import Foundation
import PONEvents
import Testing
import VOLTHA

@testable import FerruleServer

/// The VOLTHA connection and the PON event store are opened once per tenant and reused, bounded,
/// and closed when the server stops.
@Suite(
    "tenant connections and stores",
    .enabled(if: PythonStandIn.available, "needs .venv-tools (Tools/setup-python-tools.sh)")
)
struct TenantConnectionsTests {
    @Test("requests share one VOLTHA connection; after close() the routes answer 503, not a new connection")
    func sharedVoltha() async throws {
        let standIn = try await PythonStandIn.voltha()
        defer { standIn.stop() }
        let connections = TenantConnections()
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: standIn.firstLine)
        harness.connections = connections
        try await harness.test { client in
            async let first = client.send(APIRequest(path: "/api/v1/voltha/devices"))
            async let second = client.send(APIRequest(path: "/api/v1/voltha/adapters"))
            let (devices, adapters) = try await (first, second)
            #expect(devices.status == 200, "\(devices.text)")
            #expect(adapters.status == 200, "\(adapters.text)")
            let statistics = try await client.send(APIRequest(path: "/api/v1/voltha/statistics"))
            #expect(statistics.json["total_olts"]?.intValue == 1)
            #expect(connections.openCounts.voltha == 1)
            await connections.close()
            #expect(connections.openCounts.voltha == 0)
            let after = try await client.send(APIRequest(path: "/api/v1/voltha/devices"))
            #expect(after.status == 503)
            #expect(after.detail == "The server is stopping; retry shortly")
        }
    }

    @Test("an unreachable VOLTHA fails the call at once and the next call tries again")
    func unreachable() async throws {
        let connections = TenantConnections()
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: "127.0.0.1:1")
        harness.connections = connections
        try await harness.test { client in
            for _ in 0..<2 {
                let response = try await client.send(APIRequest(path: "/api/v1/voltha/devices"))
                #expect(response.status == 502, "\(response.text)")
                #expect(response.detail?.contains("VOLTHA") == true)
            }
        }
        await connections.close()
    }

    @Test("the event store is opened once the file exists, then reused; at most `capacity` are kept")
    func eventStores() async throws {
        let directory = try Scratch.directory("ferrule-connections")
        let connections = TenantConnections(capacity: 2)
        let missing = directory.appendingPathComponent("none/events.sqlite").path
        #expect(try connections.eventStore(tenant: "acme", path: missing) == nil)
        var stores: [EventStore] = []
        for tenant in ["acme", "globex", "initech"] {
            let path = directory.appendingPathComponent("\(tenant)/events.sqlite").path
            _ = try EventStore(path: path)
            let store = try #require(try connections.eventStore(tenant: tenant, path: path))
            #expect(try connections.eventStore(tenant: tenant, path: path) === store)
            stores.append(store)
        }
        #expect(connections.openCounts.events == 2)
        await connections.close()
        #expect(connections.openCounts.events == 0)
    }

    @Test("first uses of a new tenant store at once (requests and the runner's scan) share one store, no schema race")
    func concurrentFirstUse() async throws {
        let stores = TenantCampaignStores(root: try Scratch.directory("ferrule-connections").path)
        let opened = try await withThrowingTaskGroup(of: ObjectIdentifier?.self) { group in
            for index in 0..<16 {
                group.addTask {
                    if index.isMultiple(of: 2) { return ObjectIdentifier(try stores.campaigns(for: "acme")) }
                    return stores.existingStores(of: ["acme"]).first.map { ObjectIdentifier($0.store) }
                }
            }
            var identities: Set<ObjectIdentifier> = []
            for try await identity in group { if let identity { identities.insert(identity) } }
            return identities
        }
        #expect(opened.count == 1)
    }
}
