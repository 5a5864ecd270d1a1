import FerruleTestSupport
import Foundation
import Testing

/// `ferrule plan` and `ferrule deploy` against a real `genieacs-standin` process, as an operator runs them.
@Suite("plan and deploy against a GenieACS stand-in")
struct DeployEndToEndTests {
    @Test("plan on an empty GenieACS lists creates and exits 2; deploy --yes verifies; then plan and deploy are no-ops")
    func planDeployRoundTrip() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()

        let first = try await standIn.ferrule(["plan", "Provisions"])
        #expect(first.status == 2, "\(first.combined)")
        #expect(first.stdout.hasPrefix("Plan against \(standIn.url):\n"))
        let creates = first.planLines("+")
        #expect(!creates.isEmpty)
        #expect(first.planLines("~").isEmpty && first.planLines("-").isEmpty && first.planLines("!").isEmpty)
        for artifact in [
            "preset wifi-2g", "provision wifi-2g", "preset wan-pppoe", "preset management-server",
            "virtual parameter ssid2g",
        ] {
            #expect(first.stdout.contains("  + \(artifact): create"), "\(artifact) missing from:\n\(first.stdout)")
        }
        #expect(first.stdout.contains("(wifi-2g at Provisions/services/wifi.yaml:"))
        #expect(first.stdout.contains("Summary: \(creates.count) to create, 0 to update"))

        let firstJSON = try await standIn.ferrule(["plan", "Provisions", "--format", "json"])
        #expect(firstJSON.status == 2, "\(firstJSON.combined)")
        #expect(try firstJSON.jsonObject().string("acs") == standIn.url)
        let summary = try firstJSON.planSummary()
        #expect(summary.int("create") == creates.count)
        for key in ["update", "delete", "unchanged", "conflict", "drift", "unmanaged"] {
            #expect(summary.int(key) == 0, "summary.\(key)")
        }
        #expect(summary.bool("changes") == true)
        #expect(summary.bool("secretsCompared") == false)
        let items = try firstJSON.planItems()
        #expect(items.count == creates.count)
        #expect(items.allSatisfy { $0.string("action") == "create" })
        let presetCount = items.filter { $0.string("kind") == "preset" }.count

        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(deploy.status == 0, "\(deploy.combined)")
        let createdLines = deploy.stdout.split(separator: "\n").filter { $0.hasPrefix("  created ") }
        #expect(createdLines.count == creates.count)
        #expect(
            deploy.stdout.contains(
                "Deployed \(creates.count) change(s) to \(standIn.url); verified: GenieACS holds the compiled artifacts."
            ),
            "\(deploy.stdout)"
        )
        // Provisions exist before the presets that call them.
        let order = createdLines.map { $0.hasPrefix("  created preset ") }
        #expect(order == order.sorted { !$0 && $1 })

        // GenieACS now holds the presets, each marked as Ferrule's.
        let presets = try await standIn.ferrule(["acs", "presets", "--format", "json"]).jsonRows()
        #expect(presets.count == presetCount)
        #expect(presets.allSatisfy { $0.string("owner") == "ferrule: \($0.string("name") ?? "")" })

        let second = try await standIn.ferrule(["plan", "Provisions"])
        #expect(second.status == 0, "\(second.combined)")
        #expect(second.stdout.contains("no changes: GenieACS holds exactly the compiled artifacts"))
        #expect(
            second.stdout.contains(
                "Summary: 0 to create, 0 to update, 0 to delete (with --prune), \(creates.count) unchanged"
            )
        )

        let secondJSON = try await standIn.ferrule(["plan", "Provisions", "--format", "json", "--secrets", secrets])
        #expect(secondJSON.status == 0, "\(secondJSON.combined)")
        let after = try secondJSON.planSummary()
        #expect(after.int("unchanged") == creates.count)
        #expect(after.int("create") == 0 && after.int("update") == 0 && after.int("drift") == 0)
        #expect(after.bool("changes") == false)
        #expect(after.bool("secretsCompared") == true)

        let again = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(again.status == 0, "\(again.combined)")
        #expect(again.stdout.contains("Nothing to deploy."))
        #expect(!again.stdout.contains("  created ") && !again.stdout.contains("  updated "))
    }

    @Test("an artifact edited in GenieACS shows as drift, deploy puts it back and the next plan is clean")
    func driftIsDetectedAndRepaired() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()
        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        try #require(deploy.status == 0, "\(deploy.combined)")

        // Someone edits a provision in the GenieACS UI (the marker line survives, the body changes)...
        let time = try #require(try await standIn.documents("provisions", id: "time").first?.string("script"))
        try await standIn.putProvision("time", time + "log(\"edited by hand\");\n")
        // ...and the weight of a preset, keeping its `ferrule` member.
        var wifi = try #require(try await standIn.documents("presets", id: "wifi-2g").first)
        wifi["weight"] = 5
        try await standIn.putPreset("wifi-2g", document: wifi)

        let plan = try await standIn.ferrule(["plan", "Provisions"])
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(plan.stdout.contains("  ~ provision time: update"))
        #expect(plan.stdout.contains("  ~ preset wifi-2g: update"))
        #expect(plan.stdout.components(separatedBy: "edited in GenieACS since it was deployed").count - 1 == 2)
        // The project deploys secrets, so a line an edit added to a script is masked (it might be a
        // copied secret; docs/genieacs.md, Secrets): the diff shows where, not what.
        #expect(plan.stdout.contains("      -••••••\n"), "the diff shows the hand-edited line:\n\(plan.stdout)")
        #expect(!plan.stdout.contains("edited by hand"), "\(plan.stdout)")
        #expect(plan.stdout.contains("-  \"weight\": 5") && plan.stdout.contains("+  \"weight\": 100"))

        let json = try await standIn.ferrule(["plan", "Provisions", "--format", "json"])
        #expect(json.status == 2)
        #expect(try json.planSummary().int("drift") == 2)
        let drifted = try json.planItems().filter { $0.bool("drift") == true }
        #expect(
            Set(drifted.map { "\($0.string("kind") ?? "") \($0.string("name") ?? "")" }) == [
                "provision time", "preset wifi-2g",
            ]
        )
        #expect(
            drifted.allSatisfy {
                ($0["notes"] as? [String])?.contains("edited in GenieACS since it was deployed") == true
            }
        )

        let repair = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(repair.status == 0, "\(repair.combined)")
        #expect(repair.stdout.contains("  updated provision time"))
        #expect(repair.stdout.contains("  updated preset wifi-2g"))
        #expect(repair.stdout.contains("Deployed 2 change(s)"))
        #expect(repair.stdout.contains("verified"))

        let clean = try await standIn.ferrule(["plan", "Provisions"])
        #expect(clean.status == 0, "\(clean.combined)")
        #expect(clean.stdout.contains("no changes"))
        let script = try #require(try await standIn.documents("provisions", id: "time").first?.string("script"))
        #expect(!script.contains("edited by hand"))
    }

    @Test("a removed rule is deleted only with --prune, and artifacts without Ferrule's marker are never touched")
    func pruneDeletesOnlyOwnedArtifacts() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let rules = try Scratch.directory([
            "keep.yaml": TestRules.tagRule("e2e-keep", tag: "kept"),
            "drop.yaml": TestRules.tagRule("e2e-drop", tag: "dropped"),
        ])
        let deploy = try await standIn.ferrule(["deploy", rules, "--yes"])
        try #require(deploy.status == 0, "\(deploy.combined)")
        #expect(deploy.stdout.contains("Deployed 4 change(s)"))
        // Presets made by hand in GenieACS (no marker): one unrelated, one with a rule-like name.
        try await standIn.putPreset(
            "hand-made",
            #"{"weight":0,"precondition":"","events":{"2 PERIODIC":true},"configurations":[{"type":"add_tag","tag":"x"}]}"#
        )
        try await standIn.putProvision("hand-script", "log(\"made by hand\");\n")

        try FileManager.default.removeItem(atPath: rules + "/drop.yaml")

        let plan = try await standIn.ferrule(["plan", rules])
        // Deletes count as changes only with --prune: without it, plan reports them and exits 0.
        #expect(plan.status == 0, "\(plan.combined)")
        #expect(plan.stdout.contains("  - preset e2e-drop: delete (only with --prune)"))
        #expect(plan.stdout.contains("  - provision e2e-drop: delete (only with --prune)"))
        #expect(plan.planLines("-").count == 2)
        #expect(
            plan.stdout.contains("Unmanaged (no Ferrule marker, left alone): preset hand-made, provision hand-script")
        )
        #expect(plan.stdout.contains("2 to delete (with --prune)"))
        let planJSON = try await standIn.ferrule(["plan", rules, "--format", "json"])
        #expect(planJSON.status == 0)
        let summary = try planJSON.planSummary()
        #expect(summary.int("delete") == 2 && summary.int("unchanged") == 2 && summary.int("unmanaged") == 2)
        #expect(summary.bool("changes") == false)

        let prunePlan = try await standIn.ferrule(["plan", rules, "--prune"])
        #expect(prunePlan.status == 2, "\(prunePlan.combined)")
        #expect(prunePlan.stdout.contains("  - preset e2e-drop: delete  ("))
        #expect(!prunePlan.stdout.contains("only with --prune"))
        let prunePlanJSON = try await standIn.ferrule(["plan", rules, "--prune", "--format", "json"])
        #expect(try prunePlanJSON.planSummary().bool("changes") == true)

        // Deploy without --prune leaves the old rule's artifacts.
        let keep = try await standIn.ferrule(["deploy", rules, "--yes"])
        #expect(keep.status == 0, "\(keep.combined)")
        #expect(keep.stdout.contains("Nothing to deploy."))

        let prune = try await standIn.ferrule(["deploy", rules, "--prune", "--yes"])
        #expect(prune.status == 0, "\(prune.combined)")
        #expect(prune.stdout.contains("  deleted preset e2e-drop"))
        #expect(prune.stdout.contains("  deleted provision e2e-drop"))
        #expect(prune.stdout.contains("Deployed 2 change(s)") && prune.stdout.contains("verified"))
        // The preset goes before the provision it calls.
        let presetLine = try #require(prune.stdout.range(of: "deleted preset e2e-drop"))
        let provisionLine = try #require(prune.stdout.range(of: "deleted provision e2e-drop"))
        #expect(presetLine.lowerBound < provisionLine.lowerBound)

        let presets = try await standIn.ferrule(["acs", "presets", "--format", "json"])
        #expect(presets.status == 0)
        let presetOwners = Dictionary(
            uniqueKeysWithValues: try presets.jsonRows().map { ($0.string("name") ?? "", $0.string("owner") ?? "") }
        )
        #expect(presetOwners == ["e2e-keep": "ferrule: e2e-keep", "hand-made": ""])
        let provisions = try await standIn.ferrule(["acs", "provisions", "--format", "csv"])
        #expect(provisions.status == 0)
        let provisionRows = provisions.csvRows
        #expect(provisionRows.map { $0[1] } == ["e2e-keep", "hand-script"])
        #expect(provisionRows.first?[3] == "ferrule: e2e-keep")
        #expect(provisionRows.first?[4].hasSuffix("/keep.yaml:2:5") == true)
        #expect(provisionRows.last?[3] == "")
        let table = try await standIn.ferrule(["acs", "provisions"])
        #expect(table.stdout.hasPrefix("KIND "))

        let clean = try await standIn.ferrule(["plan", rules, "--prune"])
        #expect(clean.status == 0, "\(clean.combined)")
        #expect(clean.stdout.contains("no changes"))
        #expect(
            clean.stdout.contains("Unmanaged (no Ferrule marker, left alone): preset hand-made, provision hand-script")
        )
    }

    @Test("a preset made by hand under a compiled name is a conflict: deploy refuses until --adopt takes it over")
    func conflictNeedsAdopt() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let rules = try Scratch.directory(["tags.yaml": TestRules.tagRule("e2e-tags", tag: "fibre")])
        let handMade =
            #"{"weight":0,"precondition":"","events":{"1 BOOT":true},"configurations":[{"type":"add_tag","tag":"manual"}]}"#
        try await standIn.putPreset("e2e-tags", handMade)

        let plan = try await standIn.ferrule(["plan", rules])
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(
            plan.stdout.contains(
                "  ! preset e2e-tags: conflict: exists without Ferrule's marker (deploy needs --adopt)"
            )
        )
        #expect(plan.stdout.contains("  + provision e2e-tags: create"))
        #expect(try await standIn.ferrule(["plan", rules, "--format", "json"]).planSummary().int("conflict") == 1)

        let refused = try await standIn.ferrule(["deploy", rules, "--yes"])
        #expect(refused.status == 1, "\(refused.combined)")
        #expect(refused.stderr.contains("--adopt"), "\(refused.stderr)")
        #expect(refused.stderr.contains("e2e-tags"))
        // Nothing was written: the hand-made preset is as it was and the provision was not created.
        let live = try #require(try await standIn.documents("presets", id: "e2e-tags").first)
        #expect(live["ferrule"] == nil)
        #expect(try await standIn.documents("provisions").isEmpty)

        let adopt = try await standIn.ferrule(["deploy", rules, "--adopt", "--yes"])
        #expect(adopt.status == 0, "\(adopt.combined)")
        #expect(adopt.stdout.contains("verified"))
        let presets = try await standIn.ferrule(["acs", "presets", "--format", "json"]).jsonRows()
        #expect(presets.map { $0.string("owner") } == ["ferrule: e2e-tags"])

        let clean = try await standIn.ferrule(["plan", rules])
        #expect(clean.status == 0, "\(clean.combined)")
        #expect(clean.stdout.contains("no changes"))
        #expect(!clean.stdout.contains("Unmanaged"))
    }

    @Test("a conflict alone (nothing else to do) still makes deploy fail and name --adopt")
    func conflictOnlyDeployFails() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let rules = try Scratch.directory(["tags.yaml": TestRules.tagRule("e2e-tags", tag: "fibre")])
        try #require(try await standIn.ferrule(["deploy", rules, "--yes"]).status == 0)
        // The GenieACS UI rewrites a preset from its form, dropping members it does not know (the marker).
        var preset = try #require(try await standIn.documents("presets", id: "e2e-tags").first)
        preset["ferrule"] = nil
        try await standIn.putPreset("e2e-tags", document: preset)

        let plan = try await standIn.ferrule(["plan", rules])
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(plan.stdout.contains("  ! preset e2e-tags: conflict"))
        let deploy = try await standIn.ferrule(["deploy", rules, "--yes"])
        #expect(deploy.status == 1, "\(deploy.combined)")
        #expect(deploy.stderr.contains("1 conflict(s); pass --adopt"), "\(deploy.stderr)")
        #expect(!deploy.stdout.contains("Nothing to deploy."))
    }

    @Test("deploy without --yes refuses when standard input is not a terminal and changes nothing")
    func deployWithoutYesRefusesOffTerminal() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()

        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--secrets", secrets])
        #expect(deploy.status == 1, "\(deploy.combined)")
        #expect(deploy.stderr.contains("not a terminal; pass --yes"), "\(deploy.stderr)")
        #expect(!deploy.stdout.contains("Deployed"))

        let plan = try await standIn.ferrule(["plan", "Provisions"])
        #expect(plan.status == 2)
        #expect(
            try await standIn.ferrule(["plan", "Provisions", "--format", "json"]).planSummary().int("unchanged") == 0
        )
        #expect(try await standIn.documents("presets").isEmpty)
        #expect(try await standIn.documents("provisions").isEmpty)
        #expect(try await standIn.documents("virtual_parameters").isEmpty)
    }
}
