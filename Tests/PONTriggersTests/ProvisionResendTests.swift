import FerruleJSON
import GenieACS
import GenieACSStandIn
import PONTriggers
import Testing

/// A provision sent again (the run stopped, or its answer was lost, before it was marked): not sent
/// while GenieACS still holds its task under the action's key; sent again once the task is gone,
/// since GenieACS keeps no record of a task the CPE ran (at least once, docs/triggers.md "Restart").
@Suite("A provision offered again after a crash")
struct ProvisionResendTests {
    static let rules =
        "rules:\n  - name: p\n    on: voltha.onu_activated\n    actions:\n      - provision: {name: bind, args: [\"${event.serial}\"]}\n"

    @Test("its task still queued: not sent again, done naming the task; its task gone (run): sent again")
    func queuedThenGone() async throws {
        let acs = try ActionExecutorTests.acs()
        let device = try ActionExecutorTests.device(acs, "HWTC00000001")
        let action = try #require(try ActionExecutorTests.plan(Self.rules).first)
        let executor = ActionExecutorTests.executor(acs)
        let first = await executor.execute(action)
        let queued = try await acs.nbi.query(.tasks).items
        #expect(queued.count == 1, "\(queued)")
        let id = try #require(queued.first?["_id"]?.stringValue)
        #expect(first == .done("provision bind queued on \(device) (task \(id))"))

        // Offered again while the CPE has not run it: the same task, not replaced by a second POST.
        let again = await executor.execute(action)
        #expect(
            again
                == .done("provision bind was sent to \(device) before (task \(id)) and is still queued; not sent again")
        )
        #expect(try await acs.nbi.query(.tasks).items.compactMap { $0["_id"]?.stringValue } == [id])

        // The CPE ran it: GenieACS deleted it. Nothing tells that from "never sent": it is sent again.
        try await acs.nbi.deleteTask(id)
        guard case .done(let text) = await executor.execute(action) else {
            Issue.record("not sent again")
            return
        }
        let resent = try await acs.nbi.query(.tasks).items
        #expect(resent.count == 1 && resent.first?["_id"]?.stringValue != id, "\(resent)")
        #expect(text.hasPrefix("provision bind queued on \(device) (task "), "\(text)")
    }
}
