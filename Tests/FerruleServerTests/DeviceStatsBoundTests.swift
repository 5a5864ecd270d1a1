import FerruleJSON
import FerruleServer
import Foundation
import GenieACSStandIn
import Testing

/// `GET /genieacs/devices/stats/summary` costs the same whatever the fleet: GenieACS counts the
/// totals, and the manufacturer and model counts read at most the scan limit's devices.
@Suite("API: bounded device statistics")
struct DeviceStatsBoundTests {
    /// `ferrule_upstream_calls_total` of `operation`, from `metrics`.
    static func calls(_ metrics: ServerMetrics, _ operation: String) -> Int {
        let text = String(decoding: metrics.render(), as: UTF8.self)
        let series = #"ferrule_upstream_calls_total{system="genieacs",operation="\#(operation)",outcome="ok"} "#
        let line = text.split(separator: "\n").first { $0.hasPrefix(series) }
        return line.flatMap { Int($0.dropFirst(series.count)) } ?? 0
    }

    @Test("30 devices, a scan limit of 10: totals from GenieACS's counts, names from 10 devices, one page read")
    func bounded() async throws {
        var harness = try APITestHarness(devices: 30)
        let metrics = ServerMetrics()
        harness.acs = InstrumentedNBI(harness.genieacs.nbi, metrics: metrics)
        harness.deviceStatsScanLimit = 10
        try await harness.test { client in
            let stats = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/stats/summary"))
            #expect(stats.status == 200, "\(stats.text)")
            #expect(stats.json["total_devices"]?.intValue == 30)
            #expect(stats.json["online_devices"]?.intValue == 30)
            #expect(stats.json["offline_devices"]?.intValue == 0)
            let named = (stats.json["manufacturers"]?.objectMembers ?? []).reduce(0) { $0 + ($1.1.intValue ?? 0) }
            #expect(named == 10, "the names of at most 10 devices: \(stats.text)")
        }
        #expect(Self.calls(metrics, "count devices") == 2, "the total and the online count")
        #expect(Self.calls(metrics, "query devices") == 1, "one page of 10, no further pages")
    }

    @Test("devices whose last Inform is older than 5 minutes are counted offline by GenieACS's count")
    func offlineCounted() async throws {
        // The API's clock an hour after the stand-in's Informs: every device is offline.
        var harness = try APITestHarness(devices: 5)
        harness.clock = FixedClock(time: harness.now + 3_600_000)
        try await harness.test { client in
            let stats = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/stats/summary"))
            #expect(stats.json["total_devices"]?.intValue == 5)
            #expect(stats.json["online_devices"]?.intValue == 0, "\(stats.text)")
            #expect(stats.json["offline_devices"]?.intValue == 5)
        }
    }
}
