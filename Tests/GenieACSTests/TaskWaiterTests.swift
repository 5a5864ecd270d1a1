import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// `ferrule acs task … --wait`: the wait loop over an in-memory GenieACS on a clock that moves only
/// when the waiter sleeps, so minutes of polling take milliseconds and every run sees the same times.
@Suite struct TaskWaiterTests {
    let clock = SteppingClock()
    let genieacs: InMemoryGenieACS
    let device: String

    init() throws { try self.init(configure: { _ in }) }

    init(configure: (inout Scenario) -> Void) throws {
        var scenario = Scenario(devices: 2, fixtures: [Scenario.FixtureSource(.embeddedTR098)], seed: 3)
        scenario.informIntervalSeconds = 300
        configure(&scenario)
        let clock = clock
        genieacs = try InMemoryGenieACS(scenario: scenario) { clock.epochMilliseconds() }
        device = try #require(genieacs.deviceIDs().first)
    }

    var waiter: TaskWaiter<SteppingClock> { TaskWaiter(acs: genieacs.nbi, clock: clock, pollInterval: .seconds(1)) }

    @Test("A task queued for the next periodic inform is seen done once the device informs, within the wait")
    func doneAtNextInform() async throws {
        let run = try await waiter.run(
            TaskRequest(.reboot),
            on: device,
            connectionRequest: false,
            waitAtMost: .seconds(600)
        )
        #expect(run.submission.outcome == .queued)
        #expect(run.status == .done)
        // The device informs within one 300 s interval; the waiter stops at the first poll after that.
        #expect(clock.elapsed > .zero)
        #expect(clock.elapsed <= .seconds(301))
        #expect(genieacs.stats()["tasksCreated"]?["reboot"]?.intValue == 1)
    }

    @Test("A task that faults ends the wait at once with GenieACS's fault code, message and retries")
    func faulted() async throws {
        let test = try TaskWaiterTests(configure: {
            $0.faults["reboot"] = Scenario.FaultRule(rate: 1, code: "cwmp.9002", message: "Internal error")
        })
        let run = try await test.waiter.run(
            TaskRequest(.reboot),
            on: test.device,
            connectionRequest: false,
            waitAtMost: .seconds(900)
        )
        guard case .faulted(let fault) = run.status else {
            Issue.record("expected a fault, got \(String(describing: run.status))")
            return
        }
        #expect(fault.code == "cwmp.9002")
        #expect(fault.message == "Internal error")
        #expect(test.clock.elapsed < .seconds(900), "the wait went on after the fault")
    }

    @Test("An offline device: the wait ends pending at the deadline, not a poll earlier and at most one poll later")
    func pendingAtDeadline() async throws {
        #expect(genieacs.setOnline(device, false))
        let run = try await waiter.run(
            TaskRequest(.reboot),
            on: device,
            connectionRequest: true,
            waitAtMost: .seconds(60)
        )
        #expect(run.submission.outcome == .connectionRequestFailed(.deviceOffline))
        #expect(run.status == .pending)
        #expect(clock.elapsed >= .seconds(60))
        #expect(clock.elapsed < .seconds(61))
        #expect(clock.sleeps == 60)
    }

    @Test("Without --wait the task is sent and never polled: no status, no time spent")
    func noWait() async throws {
        let run = try await waiter.run(TaskRequest(.reboot), on: device, connectionRequest: false, waitAtMost: nil)
        #expect(run.submission.task != nil)
        #expect(run.status == nil)
        #expect(clock.sleeps == 0)
    }

    @Test("A device GenieACS does not know: 404, nothing queued, nothing polled")
    func noSuchDevice() async throws {
        let run = try await waiter.run(
            TaskRequest(.reboot),
            on: "000000-Nope-0",
            connectionRequest: false,
            waitAtMost: .seconds(60)
        )
        #expect(run.submission.isNoSuchDevice)
        #expect(run.status == nil)
        #expect(clock.sleeps == 0)
    }

    @Test("A cancelled wait stops with CancellationError instead of polling on")
    func cancelled() async throws {
        #expect(genieacs.setOnline(device, false))
        let submission = try await genieacs.nbi.submit(TaskRequest(.reboot), to: device)
        let task = try #require(submission.task)
        let waiter = waiter
        let waiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await waiter.wait(for: task, atMost: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
