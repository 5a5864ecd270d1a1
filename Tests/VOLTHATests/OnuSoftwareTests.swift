import GRPCCore
import SwiftProtobuf
import Synchronization
import Testing
import VOLTHAMessages

@testable import VOLTHA

/// ONU software versions come from `GetOnuImages` (the device record has none): who is asked, how
/// many at once, and what a failure leaves.
@Suite("ONU software versions from GetOnuImages")
struct OnuSoftwareTests {
    /// The two software image MEs as openonu answers them (`onu_image_status.go:78-104`).
    static func images(active: String, standby: String, activeFirst: Bool = true) -> Device_OnuImages {
        var a = Device_OnuImage()
        a.version = active
        a.isActive = true
        a.isCommited = true
        a.isValid = true
        var b = Device_OnuImage()
        b.version = standby
        b.isValid = true
        var images = Device_OnuImages()
        images.items = activeFirst ? [a, b] : [b, a]
        return images
    }

    static func inventory(_ count: Int) -> [OnuInventoryEntry] {
        let devices =
            [Device(Samples.olt())]
            + (1...count).map { Device(Samples.onu("onu-\($0)", serial: "HWTC0000000\($0)", onuID: UInt32($0))) }
        return OnuInventory.build(devices: devices, oltPorts: [:])
    }

    /// Counts calls in flight and the most seen at once.
    final class InFlight: Sendable {
        let state = Mutex<(now: Int, most: Int, asked: [String])>((0, 0, []))
        func enter(_ id: String) {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
                $0.asked.append(id)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
    }

    @Test("the active image and the other one, whichever ME comes first")
    func versionsFromImages() {
        let images = { (list: Device_OnuImages) in
            list.items.map {
                OnuImage(
                    version: $0.version,
                    isCommitted: $0.isCommited,
                    isActive: $0.isActive,
                    isValid: $0.isValid,
                    productCode: ""
                )
            }
        }
        #expect(OnuSoftware(images: images(Self.images(active: "B", standby: "A"))) == .init(active: "B", standby: "A"))
        #expect(
            OnuSoftware(images: images(Self.images(active: "B", standby: "A", activeFirst: false)))
                == .init(active: "B", standby: "A")
        )
        #expect(OnuSoftware(images: []) == .init(active: "", standby: ""))
    }

    @Test("only ACTIVE and REACHABLE ONUs are asked, at most maxInFlight at once; a failure leaves that ONU empty")
    func readsBoundedAndSurvivesFailures() async throws {
        var entries = Self.inventory(9)
        // ONU 8 is coming up, ONU 9 lost its signal: openonu would refuse both (not ready for OMCI).
        entries[7].operStatus = .discovered
        entries[8].connectStatus = .unreachable
        let calls = InFlight()
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetOnuImages.descriptor) { (id: Common_ID) -> Device_OnuImages in
            calls.enter(id.id)
            defer { calls.leave() }
            for _ in 0..<50 { await Task.yield() }
            // What openonu answers when the ONU does not answer the OMCI Get (onu_image_status.go:137-140).
            if id.id == "onu-3" { throw RPCError(code: .unknown, message: "wait-for-image-status-timeout-onu-3") }
            return Self.images(active: "V5R019C00S05\(id.id.suffix(1))", standby: "V5R019C00S040")
        }
        let report = try await fake.withClient { await $0.onuSoftware(entries, maxInFlight: 3) }
        let seen = calls.state.withLock { $0 }
        #expect(Set(seen.asked) == Set((1...7).map { "onu-\($0)" }), "ONUs 8 and 9 are not asked")
        #expect(seen.asked.count == 7 && seen.most <= 3, "\(seen)")
        #expect(report.versions.count == 6)
        #expect(report.versions["onu-1"] == OnuSoftware(active: "V5R019C00S051", standby: "V5R019C00S040"))
        let failure = try #require(report.failures.first)
        #expect(report.failures.count == 1 && failure.deviceID == "onu-3" && failure.serialNumber == "HWTC00000003")
        #expect(failure.error.detail.contains("wait-for-image-status-timeout-onu-3"), "\(failure.error)")
        #expect(report.failureLines().first?.hasPrefix("HWTC00000003 (onu-3): ") == true)

        report.apply(to: &entries)
        #expect(entries[0].activeSoftware == "V5R019C00S051" && entries[0].standbySoftware == "V5R019C00S040")
        #expect(entries[2].activeSoftware.isEmpty && entries[2].standbySoftware.isEmpty)
        #expect(entries[7].activeSoftware.isEmpty && entries[8].activeSoftware.isEmpty)
    }

    @Test("a budget stops the read: nothing starts after it, the calls in flight are cut short, the rest are unread")
    func budgetStopsTheRead() async throws {
        let entries = Self.inventory(9)
        let calls = InFlight()
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetOnuImages.descriptor) { (id: Common_ID) -> Device_OnuImages in
            calls.enter(id.id)
            defer { calls.leave() }
            // ONUs 1-4 answer at once; from ONU 5 on, the adapter's OMCI reads never end (a slow
            // VOLTHA: each call would run to its deadline; 40 s here, far past the budget). The budget
            // leaves the quick four 15 s, so a loaded CI machine still answers them within it.
            if let n = Int(id.id.dropFirst(4)), n >= 5 { try await Task.sleep(for: .seconds(40)) }
            return Self.images(active: "V\(id.id)", standby: "S")
        }
        // Timed inside the client's closure: the fake server's teardown still waits for its sleeping
        // handlers, but the read itself returns when the budget is spent.
        let (report, took) = try await fake.withClient { client in
            let started = ContinuousClock.now
            let report = await client.onuSoftware(entries, maxInFlight: 2, budget: .seconds(15))
            return (report, ContinuousClock.now - started)
        }
        #expect(took < .seconds(35), "the budget, not the calls' deadline, ended it: \(took)")
        #expect(report.versions.keys.sorted() == ["onu-1", "onu-2", "onu-3", "onu-4"])
        #expect(report.failures.isEmpty, "cut short by the budget is not a failure of the ONU: \(report.failures)")
        #expect(report.unread == (5...9).map { "onu-\($0)" }, "in the order given")
        let asked = calls.state.withLock { $0.asked }
        #expect(asked.count == 6 && !asked.contains("onu-7"), "nothing starts after the budget: \(asked)")
    }

    @Test("a budget that is not spent changes nothing")
    func budgetNotSpent() async throws {
        let entries = Self.inventory(3)
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetOnuImages.descriptor) { (id: Common_ID) -> Device_OnuImages in
            Self.images(active: "V\(id.id)", standby: "S")
        }
        let report = try await fake.withClient { await $0.onuSoftware(entries, budget: .seconds(600)) }
        #expect(report.versions.count == 3 && report.unread.isEmpty && report.failures.isEmpty)
    }

    @Test("nothing to ask sends nothing")
    func nothingToAsk() async throws {
        var entries = Self.inventory(2)
        for index in entries.indices { entries[index].connectStatus = .unreachable }
        let calls = InFlight()
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetOnuImages.descriptor) { (id: Common_ID) -> Device_OnuImages in
            calls.enter(id.id)
            return Self.images(active: "A", standby: "B")
        }
        fake.on(Voltha_VolthaService.Method.ListDevices.descriptor) { (_: Google_Protobuf_Empty) in Device_Devices() }
        let report = try await fake.withClient { client in
            _ = try await client.devices()  // the connection is up: a call would be answered
            return await client.onuSoftware(entries)
        }
        #expect(report.versions.isEmpty && report.failures.isEmpty)
        #expect(calls.state.withLock { $0.asked }.isEmpty)
    }

    @Test("failure lines stop at the limit and say how many more")
    func failureLines() {
        let error = VolthaError(.server, "x", target: "t")
        let report = OnuSoftwareReport(
            failures: (1...12).map { OnuSoftwareFailure(deviceID: "onu-\($0)", serialNumber: "", error: error) }
        )
        let lines = report.failureLines(limit: 10)
        #expect(lines.count == 11 && lines.first == "onu-1 (onu-1): x" && lines.last == "… and 2 more")
    }
}
