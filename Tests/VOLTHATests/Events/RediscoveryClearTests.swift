import Foundation
import Testing

@testable import PONEvents

/// openolt ONU loss-of-signal events decoded by the normaliser: raised with the OLT as resource
/// (`openolt_eventmgr.go:456-505`), cleared on rediscovery after a fibre repair with the ONU as
/// resource (`device_handler.go:1905-1935`).
enum RediscoverySamples {
    static let origin = Date(timeIntervalSince1970: 1_796_461_200)
    static let olt = "olt-dev-1"
    static let pon: UInt32 = 1

    static func device(_ n: Int) -> String { "onu-dev-\(n)" }

    static func los(_ n: Int, _ phase: PONEventPhase, resource: String, at seconds: Double) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "ONU_LOSS_OF_SIGNAL_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: resource,
            description: "",
            context: [
                "intf-id": "\(pon)", "onu-id": "\(n)", "port-label": "pon-\(pon)",
                "serial-number": StormSamples.serial(n), "onu-device-id": device(n),
            ]
        )
        event.raisedAt = origin.addingTimeInterval(seconds)
        return event
    }

    static func raised(_ n: Int, at seconds: Double) -> PONEvent { los(n, .raise, resource: olt, at: seconds) }
    static func repaired(_ n: Int, at seconds: Double) -> PONEvent { los(n, .clear, resource: device(n), at: seconds) }
}

@Suite("The LOS clear of an ONU rediscovered after a fibre repair counts on the ONU's OLT")
struct RediscoveryClearTests {
    typealias R = RediscoverySamples
    static let port = PONPort(oltDeviceID: R.olt, ponInterface: R.pon)

    @Test("the clear names no OLT; the detector passes it on with the OLT the ONU's loss was raised on")
    func resolvedOLT() throws {
        let clear = R.repaired(1, at: 61)
        #expect(clear.oltDeviceID == nil && clear.onuDeviceID == R.device(1) && clear.ponInterface == R.pon)
        var detector = StormDetector()
        _ = detector.process(R.raised(1, at: 0))
        var expected = clear
        expected.oltDeviceID = R.olt
        #expect(detector.process(clear) == [.deliver(expected)])
    }

    @Test("an ONU never seen on an OLT keeps a clear without one")
    func unknownONU() {
        var detector = StormDetector()
        _ = detector.process(R.raised(1, at: 0))
        let other = R.repaired(2, at: 61)
        #expect(detector.process(other) == [.deliver(other)])
    }

    @Test("in a storm the repair's clears are absorbed and the storm ends with every ONU back")
    func stormRecovers() throws {
        var detector = StormDetector(settings: PONStormSettings(threshold: 4, window: 60, clearAfter: 120))
        var outcomes: [PONEventOutcome] = []
        for n in 1...6 { outcomes += detector.process(R.raised(n, at: 0)) }
        for n in 1...6 { outcomes += detector.process(R.repaired(n, at: 61)) }
        outcomes += detector.advance(to: R.origin.addingTimeInterval(1000))
        let cleared = try #require(StormDetectorTests.storms(outcomes).cleared.first)
        #expect(cleared.port == Self.port && cleared.stillDown.isEmpty && cleared.onus.count == 6)
        let clears = outcomes.compactMap { outcome -> PONEvent? in
            guard case .deliver(let event) = outcome, event.alarmName == "ONU_LOSS_OF_SIGNAL", event.phase == .clear
            else { return nil }
            return event
        }
        // Only the ONUs whose loss was passed on before the storm get a recovery, at its end.
        #expect(clears.map(\.onuSerial) == (1...3).map { StormSamples.serial($0) })
        #expect(clears.allSatisfy { $0.headerID.hasPrefix("Ferrule.recovered.") && $0.oltDeviceID == R.olt })
        let absorbed = outcomes.filter { if case .absorbed(let e, _) = $0 { e.phase == .clear } else { false } }
        #expect(absorbed.count == 6)
    }
}
