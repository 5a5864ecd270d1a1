import Foundation
import Testing

@testable import PONEvents

@Suite("Deduplication keeps one clock per OLT, as storms do")
struct DedupClockPerOLTTests {
    typealias S = StormSamples
    typealias D = DyingGaspSamples

    /// Verdicts for OLT 1's reports (`isDuplicate`), with OLT 9's report stamped 10 minutes ahead
    /// between them when `skewed`.
    static func verdicts(skewed: Bool) -> [Bool] {
        var deduplicator = PONEventDeduplicator(window: 30)
        let serial = S.serial(1)
        var verdicts: [Bool] = []
        verdicts.append(deduplicator.isDuplicate(S.los(serial, at: 0)))
        if skewed { _ = deduplicator.isDuplicate(S.los("ALCL00000099", at: 600, olt: "olt-9")) }
        // The second report, 10 s later on OLT 1's clock: a duplicate.
        verdicts.append(deduplicator.isDuplicate(S.los(serial, at: 10)))
        // The same alarm 45 s after that: outside the window on OLT 1's clock, a new one.
        verdicts.append(deduplicator.isDuplicate(S.los(serial, at: 55)))
        if skewed { _ = deduplicator.isDuplicate(S.los("ALCL00000099", at: 601, phase: .clear, olt: "olt-9")) }
        verdicts.append(deduplicator.isDuplicate(S.los(serial, at: 60)))
        return verdicts
    }

    @Test("an OLT stamping 10 minutes ahead makes another OLT's duplicates neither new nor old")
    func skewElsewhere() {
        #expect(Self.verdicts(skewed: false) == [false, true, false, true])
        #expect(Self.verdicts(skewed: true) == Self.verdicts(skewed: false))
    }

    @Test("through the filter: the second report stays a duplicate whatever another OLT's clock says")
    func filterSkewElsewhere() {
        let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120, debounce: 0)
        var filter = PONEventFilter(settings: settings)
        _ = filter.process(S.los(S.serial(1), at: 0))
        _ = filter.process(S.los("ALCL00000099", at: 600, olt: "olt-9"))
        let second = filter.process(S.los(S.serial(1), at: 5))
        #expect(second == [.duplicate(S.los(S.serial(1), at: 5))])
    }

    @Test("an OLT's report stamped earlier than its latest counts at the latest: its window does not reopen")
    func neverBackwards() {
        var deduplicator = PONEventDeduplicator(window: 30)
        let serial = S.serial(1)
        // The third stamped at 5 on an OLT whose time is 100: counts at 100, 100 s after the first.
        let verdicts = [S.los(serial, at: 0), S.los(S.serial(2), at: 100), S.los(serial, at: 5)].map {
            deduplicator.isDuplicate($0)
        }
        #expect(verdicts == [false, false, false])
    }

    @Test("OLT clocks are bounded: the least recently seen is forgotten first")
    func boundedClocks() {
        var deduplicator = PONEventDeduplicator(window: 30, capacity: 100, clocks: 2)
        for n in 1...3 { _ = deduplicator.isDuplicate(S.los(S.serial(n), at: 0, olt: "olt-\(n)")) }
        #expect(deduplicator.clockCount == 2)
    }
}

@Suite("A first report held by debounce is completed by the OLT's later report")
struct HeldFirstReportTests {
    typealias D = DyingGaspSamples

    @Test("openonu's clear, held by debounce, settles with the OLT the OLT's report named")
    func heldThenLocated() throws {
        var filter = PONEventFilter(settings: D.settings)
        // An ONU never seen with its OLT: openonu's raise is delivered without one.
        let raise = filter.process(D.fromONU(1, at: 0))
        #expect(raise == [.deliver(D.fromONU(1, at: 0))])
        // Its clear 5 s later is held (debounce 30 s); the OLT's clear, a second later, names the OLT.
        let held = filter.process(D.fromONU(1, at: 5, .clear))
        #expect(held == [.held(D.fromONU(1, at: 5, .clear))])
        let located = filter.process(D.fromOLT(1, at: 6, .clear))
        #expect(located == [.duplicate(D.fromOLT(1, at: 6, .clear))], "\(located)")
        // Once settled, the clear is delivered once, located: OLT-scoped rules match it.
        let settled = filter.advance(to: D.origin.addingTimeInterval(40))
        let delivered = settled.compactMap { if case .deliver(let event) = $0 { event } else { nil } }
        #expect(delivered.count == 1, "\(settled)")
        #expect(delivered.first?.oltDeviceID == D.olt)
        #expect(delivered.first?.ponInterface == 1)
        #expect(delivered.first?.phase == .clear)
    }

    @Test("without the OLT's report the held clear settles as it came, naming no OLT")
    func heldNotLocated() {
        var filter = PONEventFilter(settings: D.settings)
        _ = filter.process(D.fromONU(1, at: 0))
        _ = filter.process(D.fromONU(1, at: 5, .clear))
        let settled = filter.advance(to: D.origin.addingTimeInterval(40))
        #expect(settled == [.deliver(D.fromONU(1, at: 5, .clear))])
    }
}
