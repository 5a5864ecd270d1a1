import ArgumentParser
import CWMP
import DeviceTrees
import FerruleCore
import Foundation
import PONTriggers
import Rules

/// `ferrule test`: compile rules and run their test cases.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Compile rules and run their test cases (device tree + events → matching rules and values).",
        discussion: """
            Test cases are YAML files with `cases:` (see docs/rules.md "Testing rules"), read from \
            --cases or from the tests/ folder of each rules directory. Each case loads a device tree \
            (any source `ferrule cwmp tree` reads), evaluates every rule with GenieACS semantics and \
            compares the matching rules and the resulting parameter values. With --out the compiled \
            artifacts are written too.

            Exit status: 0 when the rules compile and every case passes, 1 otherwise, 2 for \
            unreadable input, 64 for usage errors (an unknown --env among them).
            """
    )

    @OptionGroup var project: RuleProjectOptions

    @Option(help: "A directory (or file) of test cases; default: tests/ in each rules directory.")
    var cases: [String] = []

    @Option(help: "Also write the compiled artifacts here.")
    var out: String?

    func run() async throws {
        try project.requireRuleFiles()
        var diagnostics = DiagnosticCollector()
        let run = RuleProjectTestRun(try project.project(), cases: cases, diagnostics: &diagnostics)
        DiagnosticOutput.print(diagnostics)
        if diagnostics.contains(.unreadable) { throw ExitStatus.unreadable }
        if diagnostics.hasErrors {
            StandardError.write("ferrule test: the rules have errors; no case was run\n")
            throw ExitStatus.failure
        }
        let artifacts = run.compilation.artifacts
        if let out {
            do {
                try RuleProject.write(artifacts, to: out)
            } catch {
                StandardError.write(
                    "\(out): error[unwritable]: cannot write the output: \(error.localizedDescription)\n"
                )
                throw ExitStatus.unreadable
            }
        }
        let failed: Int
        do {
            failed = try run.run { outcome in
                // The case's name is the test file's text: escaped, so it can neither move the
                // cursor nor forge a line of its own.
                print(DisplayText.escaped("\(outcome.passed ? "PASS" : "FAIL") \(outcome.location) \(outcome.name)"))
                for failure in outcome.failures { print(DisplayText.escaped("  \(failure)")) }
            }
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        }
        let virtualCount = artifacts.filter { $0.kind == .virtualParameter }.count
        let summary = "\(run.rules.rules.count) rule(s) and \(virtualCount) virtual parameter(s) compiled"
        print(
            "\(summary)\(out.map { " into \($0)" } ?? ""); \(run.count - failed) of \(run.count) case(s) passed"
        )
        if failed > 0 { throw ExitStatus.failure }
    }
}

/// `ferrule explain`: which rules apply to a device, why the others don't, and what they declare.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rules match a device, why the others don't, and the values they declare."
    )

    @OptionGroup var project: RuleProjectOptions

    @Option(help: "The device's parameter tree (XML, NBI JSON or CSV).")
    var device: String?

    @Option(help: "A normalised PON event (YAML or JSON): which trigger rules it fires (docs/triggers.md).")
    var ponEvent: String?

    @Option(help: "An event of the Inform (repeatable): \"2 PERIODIC\".")
    var event: [String] = []

    @Option(help: "A device tag (repeatable).")
    var tag: [String] = []

    @Option(
        help: """
            The session time to evaluate at (xsd:dateTime: 2026-12-01T03:00:00Z), for reproducible \
            runs; default: this machine's clock. Schedules, NOW(), Date.now() and reboots read it.
            """
    )
    var now: String?

    func run() async throws {
        let sessionTime: Double
        if let now {
            switch SessionTime.milliseconds(now) {
            case .success(let milliseconds): sessionTime = milliseconds
            case .failure(let refusal):
                StandardError.write(
                    "ferrule explain: error[usage]: --now \"\(DisplayText.value(now))\" \(refusal.message)\n"
                )
                throw ExitStatus.usage
            }
        } else {
            sessionTime = (Date().timeIntervalSince1970 * 1000).rounded(.down)
        }
        var diagnostics = DiagnosticCollector()
        // Compiled, not only resolved: a rule the compiler refuses (a reboot without `since`, a
        // cron GenieACS reads differently) is an error here as in lint, compile and test, never
        // explained as if it would run.
        let ruleSet = try project.project().compile(diagnostics: &diagnostics).resolvedRules
        DiagnosticOutput.print(diagnostics)
        if diagnostics.hasErrors {
            throw diagnostics.contains(.unreadable) ? ExitStatus.unreadable : ExitStatus.failure
        }
        if let ponEvent {
            var eventDiagnostics = DiagnosticCollector()
            let lines = TriggerExplanation.explain(
                eventFile: ponEvent,
                rules: ruleSet.triggerRules,
                diagnostics: &eventDiagnostics
            )
            DiagnosticOutput.print(eventDiagnostics)
            // A field of the wrong type is as unreadable as a malformed file: 2, like the others.
            guard let lines, !eventDiagnostics.hasErrors else { throw ExitStatus.unreadable }
            for line in lines { print(DisplayText.escaped(line)) }
            return
        }
        guard let device else {
            StandardError.write(
                "ferrule explain: give --device TREE (preset rules) or --pon-event FILE (trigger rules)\n"
            )
            throw ExitStatus.usage
        }
        let bytes: [UInt8]
        switch InputFiles.read(device) {
        case .failure(let error):
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        case .success(let b): bytes = b
        }
        var state: DeviceState
        do {
            state = try DeviceState.load(bytes, file: device, tags: tag, events: event, now: sessionTime)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        }
        state.useVirtualParameters(ruleSet.virtualParameters)
        let verdicts = RuleEvaluator.evaluate(ruleSet.rules, on: state)
        for verdict in verdicts {
            if verdict.matches {
                print(DisplayText.escaped("MATCH \(verdict.rule)"))
                for d in verdict.declarations {
                    let shown = SecretParameters.isSecret(d.path) && !d.startsWithSecret ? Redaction.marker : d.value
                    // The value as a value: a backslash doubled, so `\u{7}` shown is always BEL.
                    let value = DisplayText.escapedValue(shown)
                    print(DisplayText.escaped("  \(d.path) = \(value)\(d.type.map { " (\($0))" } ?? "")"))
                }
                for item in verdict.notEvaluated { print(DisplayText.escaped("  (not evaluated: \(item))")) }
                for item in verdict.skipped { print(DisplayText.escaped("  \(item)")) }
                for line in verdict.logs { print(DisplayText.escaped("  log: \(line)")) }
                if let fault = verdict.fault { print(DisplayText.escaped("  fault: \(fault)")) }
            } else if verdict.returnsEarly {
                print(
                    DisplayText.escaped(
                        "RUNS  \(verdict.rule): returns early, declares nothing: \(verdict.reasons.joined(separator: "; "))"
                    )
                )
            } else {
                print(DisplayText.escaped("no    \(verdict.rule): \(verdict.reasons.joined(separator: "; "))"))
            }
        }
    }
}
