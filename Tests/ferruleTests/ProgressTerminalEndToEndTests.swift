import FerruleTestSupport
import Foundation
import Testing

/// `ferrule campaign run` in a real terminal (tmux, 80 columns) against the GenieACS stand-in: the
/// screen ends with one progress line and the summary, not a stack of wrapped copies.
@Suite("campaign run progress in a terminal (end to end)")
struct ProgressTerminalEndToEndTests {
    static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

    /// Runs `tmux -L socket arguments…`.
    static func tmux(_ socket: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> ProcessOutput
    {
        try await ProcessRunner(tmux, ["-L", socket, "-f", "/dev/null"] + arguments, timeout: timeout).run()
    }

    /// `text` quoted for `sh`.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test("at 80 columns the pane holds exactly one progress line, no longer than the terminal, then the summary")
    func oneLineAtEightyColumns() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.tmux.path),
            "tmux is needed for this test (.ci/run installs it)"
        )
        let standIn = try await StandInProcess.start(devices: 40)
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let state = try CampaignEndToEndTests.statePath()
        let file = try CampaignEndToEndTests.firmwareFile("  waves: [{canary: 2}, 10]\n  max_concurrent: 4")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)

        let socket = "ferrule-test-\(UUID().uuidString.prefix(8))"
        let channel = "done"
        let run = [
            FerruleRunner.executable.path, "campaign", "run", id, "--state", state, "--acs", standIn.url,
            "--poll-interval", "0.1",
        ]
        // The pane stays open after the run (reading its terminal) until the server is killed.
        let script =
            "env -u NO_COLOR " + run.map(Self.quoted).joined(separator: " ") + "; echo \"exit $?\"; "
            + "tmux -L \(socket) -f /dev/null wait-for -S \(channel); read x"
        defer {
            let kill = try? SpawnedProcess(Self.tmux, ["-L", socket, "-f", "/dev/null", "kill-server"])
            kill?.waitForExit(timeout: .seconds(30))
        }
        // The server tmux starts lives on: its standard streams go to /dev/null so it holds none
        // of the test's output pipes (the runner reads them to the end).
        let newSession = [
            Self.tmux.path, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "-s",
            "progress", "sh -c " + Self.quoted(script),
        ]
        let started = try await ProcessRunner(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", newSession.map(Self.quoted).joined(separator: " ") + " </dev/null >/dev/null 2>&1"],
            timeout: .seconds(60)
        ).run()
        #expect(started.status == 0, "tmux new-session failed")
        let waited = try await Self.tmux(socket, ["wait-for", channel], timeout: .seconds(180))
        #expect(waited.status == 0, "\(waited.stderr)")
        let pane = try await Self.tmux(socket, ["capture-pane", "-p", "-t", "progress"])
        let lines = pane.stdout.split(separator: "\n", omittingEmptySubsequences: true)
        let progress = lines.filter { $0.contains("/s") && $0.contains("%") }
        #expect(progress.count == 1, "one live bar, not a stack of copies:\n\(pane.stdout)")
        #expect(progress.first?.hasPrefix("100% ") == true || progress.first?.hasPrefix("[") == true, "\(pane.stdout)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.contains { $0.contains("campaign \(id) completed: 40 succeeded") }, "\(pane.stdout)")
        #expect(lines.contains("exit 0"), "\(pane.stdout)")
    }
}
