import FerruleArtifacts
import FerruleCore
import FerruleJSON
import Foundation
import Testing

@testable import GenieACS

/// Plans from compiled-artifact text against live documents, without a server.
@Suite struct PlannerTests {
    /// A preset as `ferrule compile` writes it: marker hash over the content without the marker.
    static func compiledPreset(_ rule: String, args: JSONValue = .null, weight: Int = 0) -> String {
        let content: JSONValue = .object([
            ("channel", .string("default")),
            (
                "configurations",
                .array([.object([("args", args), ("name", .string(rule)), ("type", .string("provision"))])])
            ),
            ("events", .object([("0 BOOTSTRAP", .bool(true))])), ("precondition", .string("")),
            ("weight", .int(weight)),
        ])
        return OwnershipMarker.markedPreset(content, rule: rule, source: "rules/\(rule).yaml:1:1").canonicalText
    }

    static func compiledScript(_ rule: String, body: String = "declare(\"A\", null, {value: 1});\n") -> String {
        OwnershipMarker.markedScript(body, kind: .provision, name: rule, source: "rules/\(rule).yaml:1:1")
    }

    static func desired(_ files: [(String, String)]) throws -> ArtifactSet {
        try ArtifactSet(files: files.map { (path: $0.0, contents: $0.1) })
    }

    static func live(_ set: ArtifactSet, secrets: SecretStore = SecretStore()) throws -> LiveArtifacts {
        var live = LiveArtifacts()
        for artifact in set.artifacts {
            switch artifact.content {
            case .preset(let document):
                live.presets[artifact.name] = try SecretTemplates.resolved(document, secrets).setting(
                    "_id",
                    to: .string(artifact.name)
                )
            case .script(let text):
                if artifact.kind == .provision {
                    live.provisions[artifact.name] = text
                } else {
                    live.virtualParameters[artifact.name] = text
                }
            }
        }
        return live
    }

    @Test("an empty GenieACS gets every artifact created; a deployed one plans no changes")
    func createThenUnchanged() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi")), ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        let fresh = Planner.plan(desired: set, live: LiveArtifacts(), secrets: nil)
        #expect(fresh.items.map(\.action) == [.create, .create])
        #expect(fresh.hasChanges(prune: false))
        let same = Planner.plan(desired: set, live: try Self.live(set), secrets: nil)
        #expect(same.items.map(\.action) == [.unchanged, .unchanged])
        #expect(!same.hasChanges(prune: true))
        #expect(same.drifted.isEmpty)
    }

    @Test("a changed rule is an update with a diff; a live edit is drift")
    func updateAndDrift() throws {
        let old = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", weight: 0)),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        var live = try Self.live(old)
        let new = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", weight: 5)),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        let plan = Planner.plan(desired: new, live: live, secrets: nil)
        #expect(plan.items.first { $0.kind == .preset }?.action == .update)
        #expect(plan.items.first { $0.kind == .preset }?.drift == false)
        #expect(PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: false).contains("+  \"weight\": 5"))
        live.provisions["wifi"] = (live.provisions["wifi"] ?? "") + "declare(\"B\", null, {value: 2});\n"
        let drifted = Planner.plan(desired: old, live: live, secrets: nil)
        let provision = try #require(drifted.items.first { $0.kind == .provision })
        #expect(provision.drift)
        #expect(provision.action == .update)
    }

    @Test("unmarked artifacts are unmanaged, or a conflict when they have a compiled name; owned leftovers are deletes")
    func ownership() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi")), ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        var live = LiveArtifacts()
        live.presets["bootstrap"] = .object([("_id", .string("bootstrap")), ("weight", .int(0))])
        live.provisions["wifi"] = "declare('x', null, {value: 1});"
        live.provisions["old"] = Self.compiledScript("old")
        let plan = Planner.plan(desired: set, live: live, secrets: nil)
        #expect(plan.unmanaged.map(\.name) == ["bootstrap"])
        #expect(plan.conflicts.map(\.name) == ["wifi"])
        #expect(plan.items.first { $0.name == "old" }?.action == .delete)
        #expect(!plan.hasChanges(prune: false) || plan.count(.create) > 0)
    }

    @Test("an owned virtual parameter no rule makes is kept while a preset or script Ferrule does not own reads it")
    func virtualParameterInUseKept() throws {
        func vp(_ name: String) -> String {
            OwnershipMarker.markedScript(
                "return {writable: false, value: [1, \"xsd:int\"]};\n",
                kind: .virtualParameter,
                name: name,
                source: "rules/\(name).yaml:1:1"
            )
        }
        var live = LiveArtifacts()
        for name in ["vpx", "vpxy", "up", "free"] { live.virtualParameters[name] = vp(name) }
        live.presets["ui-preset"] = .object([
            ("_id", .string("ui-preset")), ("precondition", .string("VirtualParameters.vpx > 100")),
            ("configurations", .array([])),
        ])
        live.presets["old-style"] = .object([
            ("_id", .string("old-style")), ("precondition", .string(#"{"VirtualParameters.up":{"$gt":0}}"#)),
            ("configurations", .array([])),
        ])
        live.provisions["ops"] = "const x = declare(\"VirtualParameters.up\", {value: Date.now()});\n"
        let plan = Planner.plan(desired: try Self.desired([]), live: live, secrets: nil)
        let action = { (name: String) in plan.items.first { $0.name == name }?.action }
        #expect(action("vpx") == .unchanged)
        #expect(action("up") == .unchanged)
        #expect(action("vpxy") == .delete, "a longer name is another parameter")
        #expect(action("free") == .delete)
        #expect(
            plan.items.first { $0.name == "vpx" }?.notes == [
                "kept: preset ui-preset (not Ferrule's) still reads it; take it out of that preset, then prune"
            ]
        )
        #expect(
            plan.items.first { $0.name == "up" }?.notes == [
                "kept: preset old-style, provision ops (not Ferrule's) still reads it; take it out of them, then prune"
            ]
        )
        let text = PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true)
        #expect(text.contains("= virtual parameter vpx: kept"), "\(text)")
        // A preset that reads every virtual parameter keeps them all.
        live.presets["wild"] = .object([
            ("_id", .string("wild")), ("precondition", .string("VirtualParameters.* IS NOT NULL")),
        ])
        let wild = Planner.plan(desired: try Self.desired([]), live: live, secrets: nil)
        #expect(wild.items.filter { $0.kind == .virtualParameter }.allSatisfy { $0.action == .unchanged })
    }

    @Test(
        "a virtual parameter read through a wildcard or alias segment (*.ssid2g, *.*, VirtualParameters.[…]) is kept, as GenieACS resolves it"
    )
    func virtualParameterReadThroughWildcardKept() throws {
        func vp(_ name: String) -> String {
            OwnershipMarker.markedScript(
                "return {writable: false, value: [1, \"xsd:int\"]};\n",
                kind: .virtualParameter,
                name: name,
                source: "rules/\(name).yaml:1:1"
            )
        }
        func actions(_ live: LiveArtifacts) throws -> [String: Plan.Item.Action] {
            let plan = Planner.plan(desired: try Self.desired([]), live: live, secrets: nil)
            return Dictionary(
                uniqueKeysWithValues: plan.items.filter { $0.kind == .virtualParameter }.map { ($0.name, $0.action) }
            )
        }
        var live = LiveArtifacts()
        for name in ["ssid2g", "ssid5g", "free"] { live.virtualParameters[name] = vp(name) }
        // lib/session.ts:847-860: a `*` first segment reaches VirtualParameters.
        live.provisions["ops"] = "const s = declare(\"*.ssid2g\", {value: Date.now()});\n"
        var result = try actions(live)
        #expect(result["ssid2g"] == .unchanged)
        #expect(result["ssid5g"] == .delete)
        #expect(result["free"] == .delete)
        // Neither a longer name nor a `*` deeper in a device path reads it.
        live.provisions["ops"] =
            "declare(\"*.ssid2gx\", {value: 1});\ndeclare(\"Device.WiFi.SSID.*.ssid5g\", {value: 1});\n"
        result = try actions(live)
        #expect(result["ssid2g"] == .delete && result["ssid5g"] == .delete)
        // An alias first segment, a wildcard or alias second segment: every one.
        for path in ["*.*", "VirtualParameters.*", "[_id:x].ssid5g", "VirtualParameters.[a:1]"] {
            live.provisions["ops"] = "declare(\"\(path)\", {value: Date.now()});\n"
            result = try actions(live)
            let all = path != "[_id:x].ssid5g"
            #expect(result["ssid5g"] == .unchanged, "\(path)")
            #expect((result["free"] == .unchanged) == all, "\(path)")
        }
        // In a preset precondition too.
        live.provisions["ops"] = nil
        live.presets["ui"] = .object([("_id", .string("ui")), ("precondition", .string("*.free IS NOT NULL"))])
        result = try actions(live)
        #expect(result["free"] == .unchanged && result["ssid2g"] == .delete)
    }

    @Test("names GenieACS holds are printed with control characters escaped: no screen clearing, no fake plan line")
    func controlCharactersInNamesEscaped() throws {
        let evil = "evil\u{1B}[2J\r\n  + preset fake: create"
        var live = LiveArtifacts()
        live.presets[evil] = .object([("_id", .string(evil)), ("weight", .int(0))])
        live.provisions["old\u{7}\n"] = Self.compiledScript("old")
        live.provisions["ops\u{1B}]0;x\u{7}"] = Self.compiledScript("ops")
        live.presets["ui\u{1B}[31m"] = .object([
            ("_id", .string("ui\u{1B}[31m")),
            (
                "configurations",
                .array([.object([("type", .string("provision")), ("name", .string("ops\u{1B}]0;x\u{7}"))])])
            ),
        ])
        let plan = Planner.plan(desired: try Self.desired([]), live: live, secrets: nil)
        let text = PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(text.debugDescription)")
        #expect(!text.contains("\n  + preset fake"), "\(text)")
        #expect(text.contains("preset evil\\u{1B}[2J\\r\\n  + preset fake: create"), "\(text)")
        #expect(text.contains("- provision old\\u{7}\\n: delete"), "\(text)")
        #expect(text.contains("kept: preset ui\\u{1B}[31m (not Ferrule's)"), "\(text)")
        // JSON keeps the names as they are, JSON-escaped.
        let json = try JSONValue.parse(Array(PlanRenderer.json(plan, acs: "http://acs", prune: true).utf8))
        #expect(json["unmanaged"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains(evil) == true)
    }

    @Test("a provision whose rule only moved in its file (its marker's source differs) is unchanged")
    func movedRuleUnchanged() throws {
        let set = try Self.desired([("provisions/ntp.js", Self.compiledScript("ntp"))])
        var live = LiveArtifacts()
        live.provisions["ntp"] = OwnershipMarker.markedScript(
            "declare(\"A\", null, {value: 1});\n",
            kind: .provision,
            name: "ntp",
            source: "rules/ntp.yaml:7:3"
        )
        #expect(Planner.plan(desired: set, live: live, secrets: nil).items.first?.action == .unchanged)
        live.provisions["ntp"] = OwnershipMarker.markedScript(
            "declare(\"B\", null, {value: 1});\n",
            kind: .provision,
            name: "ntp",
            source: "rules/ntp.yaml:7:3"
        )
        #expect(Planner.plan(desired: set, live: live, secrets: nil).items.first?.action == .update)
    }

    @Test("an owned provision no rule makes is kept while a preset Ferrule does not own runs it")
    func provisionInUseKept() throws {
        let set = try Self.desired([])
        var live = LiveArtifacts()
        live.provisions["ntp"] = Self.compiledScript("ntp")
        live.provisions["old"] = Self.compiledScript("old")
        live.presets["ops-ntp"] = .object([
            ("_id", .string("ops-ntp")),
            ("configurations", .array([.object([("type", .string("provision")), ("name", .string("ntp"))])])),
        ])
        let plan = Planner.plan(desired: set, live: live, secrets: nil)
        let ntp = try #require(plan.items.first { $0.name == "ntp" })
        #expect(ntp.action == .unchanged)
        #expect(
            ntp.notes == ["kept: preset ops-ntp (not Ferrule's) still runs it; take it out of that preset, then prune"]
        )
        #expect(plan.items.first { $0.name == "old" }?.action == .delete, "unused leftovers are still pruned")
        let text = PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true)
        #expect(text.contains("= provision ntp: kept"), "\(text)")
    }

    @Test(
        "secrets: deployed values are masked back into placeholders; a rotated secret is an update; nothing prints a value"
    )
    func secrets() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        #expect(set.secretNames == ["wifi_psk"])
        let deployed = SecretStore(values: ["wifi_psk": "hunter2-old"])
        let live = try Self.live(set, secrets: deployed)
        #expect(live.presets["wifi"]?.compactText.contains("hunter2-old") == true)
        let unchanged = Planner.plan(desired: set, live: live, secrets: deployed)
        #expect(unchanged.items.map(\.action) == [.unchanged, .unchanged])
        #expect(unchanged.drifted.isEmpty)
        let rotated = Planner.plan(desired: set, live: live, secrets: SecretStore(values: ["wifi_psk": "hunter2-new"]))
        #expect(rotated.items.first { $0.kind == .preset }?.action == .update)
        #expect(rotated.items.first { $0.kind == .preset }?.notes == ["secret wifi_psk changed"])
        for text in [
            PlanRenderer.text(rotated, acs: "http://acs", colour: false, prune: true),
            PlanRenderer.json(rotated, acs: "http://acs", prune: true),
        ] {
            #expect(!text.contains("hunter2"))
        }
        #expect(throws: MissingSecretError.self) {
            try SecretTemplates.resolved(Self.presetDocument(set), SecretStore())
        }
    }

    @Test("a deployed preset that lost its marker (edited in the GenieACS UI) never shows its secret arguments")
    func conflictMasksSecrets() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        var live = try Self.live(set, secrets: SecretStore(values: ["wifi_psk": "hunter2-live"]))
        live.presets["wifi"] = live.presets["wifi"]?.removing("ferrule")
        live.presets["manual"] = try JSONValue.parse(
            #"{"_id":"manual","weight":0,"configurations":[{"type":"provision","name":"x","args":["hunter2-manual"]}]}"#
        )
        let plan = Planner.plan(desired: set, live: live, secrets: nil)
        #expect(plan.conflicts.map(\.name) == ["wifi"])
        for text in [
            PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true),
            PlanRenderer.json(plan, acs: "http://acs", prune: true),
        ] {
            #expect(!text.contains("hunter2"))
        }
    }

    @Test(
        "a secret an edit in GenieACS moved to another argument is masked with or without secrets, and is not called changed"
    )
    func movedSecretMasked() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        let secrets = SecretStore(values: ["wifi_psk": "hunter2-live"])
        var live = try Self.live(set, secrets: secrets)
        // An argument inserted in front of the secret: the recorded position now holds "by-hand".
        let preset = try #require(live.presets["wifi"])
        var configurations = try #require(preset["configurations"]?.arrayValue)
        configurations[0] = configurations[0].setting(
            "args",
            to: .array([.string("by-hand"), .string("hunter2-live")])
        )
        live.presets["wifi"] = preset.setting("configurations", to: .array(configurations))
        for store in [nil, secrets] {
            let plan = Planner.plan(desired: set, live: live, secrets: store)
            let item = try #require(plan.items.first { $0.kind == .preset })
            #expect(item.action == .update)
            #expect(item.drift)
            #expect(item.notes == ["edited in GenieACS since it was deployed"], "no false 'secret changed'")
            for text in [
                PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true),
                PlanRenderer.json(plan, acs: "http://acs", prune: true),
            ] {
                #expect(!text.contains("hunter2"), "\(text)")
                #expect(text.contains(store == nil ? "••••••" : "${secret:wifi_psk}"), "\(text)")
            }
        }
        // A rotated secret GenieACS holds nowhere is still a change.
        let rotated = Planner.plan(desired: set, live: live, secrets: SecretStore(values: ["wifi_psk": "hunter2-new"]))
        #expect(rotated.items.first { $0.kind == .preset }?.notes.contains("secret wifi_psk changed") == true)
    }

    @Test(
        "a secret an edit moved out of the arguments (into the precondition, a name, an event) prints in no plan without secrets"
    )
    func secretMovedOutOfArgumentsMasked() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        var live = try Self.live(set, secrets: SecretStore(values: ["wifi_psk": "hunter2-live"]))
        let preset = try #require(live.presets["wifi"])
        var configurations = try #require(preset["configurations"]?.arrayValue)
        // The recorded position no longer holds the value: nothing left says what it was.
        configurations[0] = configurations[0].setting("args", to: .array([.string("by-hand")]))
        configurations.append(
            .object([("type", .string("add_tag")), ("tag", .string("hunter2-live")), ("hunter2-live", .int(1))])
        )
        live.presets["wifi"] = preset.setting("configurations", to: .array(configurations))
            .setting("precondition", to: .string("DeviceID.ID = \"hunter2-live\""))
            .setting("events", to: .object([("0 BOOTSTRAP", .bool(true)), ("hunter2-live", .bool(true))]))
            .setting("channel", to: .string("hunter2-live"))
        let plan = Planner.plan(desired: set, live: live, secrets: nil)
        let item = try #require(plan.items.first { $0.kind == .preset })
        #expect(item.action == .update && item.drift)
        for text in [
            PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true),
            PlanRenderer.json(plan, acs: "http://acs", prune: true),
            item.before ?? "",
        ] {
            #expect(!text.contains("hunter2"), "\(text)")
            #expect(text.contains("••••••"), "\(text)")
        }
        // What the compiled preset holds is still shown as it is: the diff keeps its structure.
        let before = try #require(item.before)
        #expect(before.contains("0 BOOTSTRAP") && before.contains("\"provision\"") && before.contains("\"add_tag\""))
        // A preset to prune (no compiled counterpart) and the API's read go through the same masking.
        let pruned = Planner.plan(desired: try Self.desired([]), live: live, secrets: nil)
        #expect(!PlanRenderer.text(pruned, acs: "http://acs", colour: false, prune: true).contains("hunter2"))
        let read = SecretTemplates.shown(try #require(live.presets["wifi"]), desired: nil, secrets: nil)
        #expect(!read.compactText.contains("hunter2"), "\(read.compactText)")
        #expect(read["_id"]?.stringValue == "wifi")
    }

    @Test("a masked edit still says which field changed and how: the plan's diff and note name it")
    func maskedEditStillNamesTheField() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi")),
        ])
        var live = try Self.live(set, secrets: SecretStore(values: ["wifi_psk": "hunter2-live"]))
        let preset = try #require(live.presets["wifi"])
        live.presets["wifi"] = preset.setting("precondition", to: .string("DeviceID.ID = \"hunter2-live\""))
        let plan = Planner.plan(desired: set, live: live, secrets: nil)
        let item = try #require(plan.items.first { $0.kind == .preset })
        #expect(item.action == .update && item.drift)
        #expect(item.notes == ["edited in GenieACS since it was deployed"])
        let text = PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: false)
        #expect(!text.contains("hunter2"), "\(text)")
        // The changed field, as compiled and as GenieACS holds it (masked); the unchanged ones stay as they are.
        #expect(text.contains("+  \"precondition\": \"\""), "\(text)")
        #expect(text.contains("-  \"precondition\": \"••••••\""), "\(text)")
        #expect(!text.contains("\"weight\": \"••••••\"") && !text.contains("\"channel\": \"••••••\""), "\(text)")
    }

    @Test("an unedited preset with secrets and any preset without secrets are shown exactly as before")
    func unmaskedWhereNoSecretIsAtStake() throws {
        let withSecret = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")])))
        ])
        // Unedited: the placeholder where deploy filled in the value, every other string as it is.
        let deployed = try #require(
            try Self.live(withSecret, secrets: SecretStore(values: ["wifi_psk": "hunter2-live"])).presets["wifi"]
        )
        let compiled = Self.presetDocument(withSecret).setting("_id", to: .string("wifi"))
        for desired in [Self.presetDocument(withSecret), nil] {
            let shown = SecretTemplates.shown(deployed, desired: desired, secrets: nil)
            #expect(shown.canonicalText == compiled.canonicalText, "\(shown.compactText)")
        }
        #expect(
            Planner.plan(
                desired: withSecret,
                live: try Self.live(withSecret, secrets: SecretStore(values: ["wifi_psk": "x"])),
                secrets: nil
            )
            .items.map(\.action) == [.unchanged]
        )
        // Without secrets, edited in GenieACS (Ferrule's marker, content changed) or not Ferrule's: as GenieACS holds it.
        let plain = try Self.desired([("presets/ntp.json", Self.compiledPreset("ntp", args: .array([.string("a")])))])
        let ntp = try #require(try Self.live(plain).presets["ntp"])
        let edited = ntp.setting("precondition", to: .string("DeviceID.ID = \"abc\""))
            .setting("events", to: .object([("2 PERIODIC", .bool(true))]))
        for desired in [Self.presetDocument(plain), nil] {
            #expect(SecretTemplates.shown(edited, desired: desired, secrets: nil) == edited)
        }
        // A conflict (no marker) over a preset without secrets: its arguments masked as before, nothing else.
        let unmarked = edited.removing("ferrule").setting(
            "configurations",
            to: .array([
                .object([
                    ("args", .array([.string("by-hand")])), ("name", .string("ntp")), ("type", .string("provision")),
                ])
            ])
        )
        let conflict = SecretTemplates.shown(unmarked, desired: Self.presetDocument(plain), secrets: nil)
        #expect(conflict["precondition"]?.stringValue == "DeviceID.ID = \"abc\"")
        #expect(conflict["events"] == .object([("2 PERIODIC", .bool(true))]))
        #expect(conflict["configurations"]?.compactText == #"[{"args":["••••••"],"name":"ntp","type":"provision"}]"#)
    }

    @Test("a known secret value is shown nowhere in a preset: as its placeholder, or masked where deploy put it")
    func knownValuesScrubbed() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")])))
        ])
        let secrets = SecretStore(values: ["wifi_psk": "hunter2-live", "other": "tok-77"])
        let live = try #require(try Self.live(set, secrets: secrets).presets["wifi"])
        // Copies outside the arguments (no drift check could find them), and in a member name.
        let edited = live.setting("precondition", to: .string("x = \"hunter2-live\" OR y = \"tok-77\""))
            .setting("events", to: .object([("hunter2-live", .bool(true))]))
        let withStore = SecretTemplates.shown(edited, desired: Self.presetDocument(set), secrets: secrets)
        #expect(!withStore.compactText.contains("hunter2") && !withStore.compactText.contains("tok-77"))
        #expect(withStore["precondition"]?.stringValue == "x = \"${secret:wifi_psk}\" OR y = \"${secret:other}\"")
        // Without the store, the value deploy recorded is still known.
        let without = SecretTemplates.shown(edited, desired: nil, secrets: nil)
        #expect(!without.compactText.contains("hunter2"), "\(without.compactText)")
        // The preset was edited since deploy: a text the compiled preset does not hold may be a moved
        // secret, so the whole precondition is masked.
        #expect(without["precondition"]?.stringValue == "••••••")
        // The REST read of a preset Ferrule does not own shows it as it is, but for known values.
        let manual = try JSONValue.parse(
            #"{"_id":"m","configurations":[{"type":"provision","name":"x","args":["a","tok-77"]}]}"#
        )
        #expect(
            SecretTemplates.shown(manual, desired: nil, secrets: secrets)["configurations"]?.compactText
                == #"[{"type":"provision","name":"x","args":["a","${secret:other}"]}]"#
        )
    }

    @Test(
        "a secret an edit in GenieACS copied into a script (provision, virtual parameter, deleted or conflicting) is shown by no plan"
    )
    func secretCopiedIntoScriptMasked() throws {
        let set = try Self.desired([
            ("presets/wifi.json", Self.compiledPreset("wifi", args: .array([.string("${secret:wifi_psk}")]))),
            ("provisions/wifi.js", Self.compiledScript("wifi", body: "declare(\"A\", null, {value: [args[0]]});\n")),
        ])
        let secrets = SecretStore(values: ["wifi_psk": "hunter2-live"])
        var live = try Self.live(set, secrets: secrets)
        let provision = try #require(live.provisions["wifi"])
        // Hard-coded (the whole value), split in two strings (no value matches it), and in a
        // provision no rule makes any more (a delete), and one without a marker (a conflict).
        live.provisions["wifi"] =
            provision.replacingOccurrences(of: "args[0]", with: "\"hunter2-live\"")
            + "  const k = \"hunt\" + \"er2-live\";\n"
        live.provisions["old"] =
            Self.compiledScript("old", body: "declare(\"B\", null, {value: 1});\n") + "log(\"hunter2-live\");\n"
        live.virtualParameters["vp"] = Self.compiledScript("vp", body: "return {};\n") + "// hunt" + "er2-live\n"
        for store in [nil, secrets] {
            let plan = Planner.plan(desired: set, live: live, secrets: store)
            let item = try #require(plan.items.first { $0.kind == .provision && $0.name == "wifi" })
            #expect(item.drift && item.action == .update)
            #expect(plan.items.first { $0.name == "old" }?.action == .delete)
            for text in [
                PlanRenderer.text(plan, acs: "http://acs", colour: false, prune: true),
                PlanRenderer.json(plan, acs: "http://acs", prune: true),
            ] {
                #expect(!text.contains("hunt"), "\(text)")
                #expect(text.contains("••••••"), "\(text)")
                // The compiled side and the unchanged lines are shown as they are.
                #expect(text.contains("args[0]"), "\(text)")
            }
            #expect(plan.items.allSatisfy { !($0.before ?? "").contains("hunt") })
        }
        // Not Ferrule's, with a compiled name: a conflict, shown masked where it differs.
        var conflicting = try Self.live(set, secrets: secrets)
        conflicting.provisions["wifi"] = "declare(\"A\", null, {value: [\"hunter2-live\"]});\n"
        let conflict = Planner.plan(desired: set, live: conflicting, secrets: nil)
        #expect(conflict.items.first { $0.kind == .provision }?.action == .conflict)
        #expect(!PlanRenderer.text(conflict, acs: "http://acs", colour: false, prune: true).contains("hunter2"))
        // Where no secret is at stake, an edited script is shown as GenieACS holds it.
        let plain = try Self.desired([("provisions/wifi.js", Self.compiledScript("wifi"))])
        var plainLive = try Self.live(plain)
        plainLive.provisions["wifi"] = (plainLive.provisions["wifi"] ?? "") + "log(\"by hand\");\n"
        let shown = Planner.plan(desired: plain, live: plainLive, secrets: nil)
        #expect(shown.items.first?.before?.contains("log(\"by hand\");") == true)
    }

    static func presetDocument(_ set: ArtifactSet) -> JSONValue {
        for case .preset(let d) in set.artifacts.map(\.content) { return d }
        return .null
    }

    @Test("a compiled file edited by hand is refused")
    func tampered() {
        let preset = Self.compiledPreset("wifi").replacingOccurrences(of: "\"weight\": 0", with: "\"weight\": 9")
        let script = Self.compiledScript("wifi") + "// extra\n"
        for file in [("presets/wifi.json", preset), ("provisions/wifi.js", script)] {
            let error = #expect(throws: ArtifactSetError.self) { try Self.desired([file]) }
            #expect(error?.path == file.0)
            #expect(error?.message == "content does not match its marker hash; it was edited after compiling")
        }
    }

    @Test("a file without its ferrule marker is refused, saying to compile it")
    func unmarked() {
        for (file, missing) in [
            (("presets/wifi.json", #"{"weight": 0}"#), "has no ferrule marker"),
            (("virtual_parameters/wifi.js", "return {};\n"), "has no ferrule marker line"),
        ] {
            let error = #expect(throws: ArtifactSetError.self) { try Self.desired([file]) }
            #expect(error?.description == "\(file.0): \(missing); compile it with `ferrule compile`")
        }
    }

    @Test("secrets files: NAME=value lines, comments, quotes, export; errors name the line, never the value")
    func secretFile() throws {
        let values = try SecretStore.parse(
            "# comment\n\nwifi_psk=s3cret\nexport TOKEN=\"a b\"\nQ='x=y'\n",
            file: "s.env"
        )
        #expect(values == ["wifi_psk": "s3cret", "TOKEN": "a b", "Q": "x=y"])
        #expect(throws: SecretFileError.self) { try SecretStore.parse("ok=1\nnot-a-pair-s3cret\n", file: "s.env") }
        do {
            _ = try SecretStore.parse("ok=1\nnot-a-pair-s3cret\n", file: "s.env")
        } catch {
            #expect(error.description == "s.env:2:1: error[bad-secrets-file]: expected NAME=value")
        }
        let store = SecretStore(values: ["wifi-psk": "file"], environment: ["FERRULE_SECRET_WIFI_PSK": "env"])
        #expect(store.value("wifi-psk") == "env")
        #expect(!store.description.contains("file"))
    }

    @Test(
        "secrets files: an unclosed quote, text after a closing quote, a comment or blanks after an unquoted value, a name given twice are errors at line:column, never showing the value"
    )
    func secretFileMalformed() throws {
        let accepted = try SecretStore.parse(
            "A=\"x y\"   # rotated\nB='it\"s'\nC=pa#ss\nD=#lead\nE=\nF=a\"b'c\nG='x' \n",
            file: "s.env"
        )
        #expect(accepted == ["A": "x y", "B": "it\"s", "C": "pa#ss", "D": "#lead", "E": "", "F": "a\"b'c", "G": "x"])
        for (text, expected) in [
            (
                "OK=1\nWIFI_PASSPHRASE=\"wifi-s3cret\n",
                "s.env:2:17: error[bad-secrets-file]: the value of WIFI_PASSPHRASE opens a quote (\")"
            ),
            (
                "PPP=ppp-s3cret   # rotated 2026-12\n",
                "s.env:1:18: error[bad-secrets-file]: PPP's value is followed by a # comment"
            ),
            ("PPP=ppp-s3cret\t#x\n", "s.env:1:16: error[bad-secrets-file]: PPP's value is followed by a # comment"),
            ("PPP=ppp-s3cret  \n", "s.env:1:15: error[bad-secrets-file]: PPP's value ends in blanks"),
            ("PPP = ppp-s3cret\n", "s.env:1:6: error[bad-secrets-file]: blank after PPP="),
            (
                "Q=\"a\\\"s3cret\"\n",
                "s.env:1:7: error[bad-secrets-file]: text after the closing quote (\") of Q's value"
            ),
            ("Q='s3cret'#c\n", "s.env:1:11: error[bad-secrets-file]: text after the closing quote (') of Q's value"),
            ("A=1\n# c\nexport A=s3cret\n", "s.env:3:8: error[bad-secrets-file]: A is given twice (first on line 1)"),
        ] {
            let error = #expect(throws: SecretFileError.self) { try SecretStore.parse(text, file: "s.env") }
            let description = error?.description ?? ""
            #expect(description.hasPrefix(expected), "\(text.debugDescription): \(description)")
            #expect(!description.contains("s3cret"), "\(description)")
        }
    }

    @Test("presets the GenieACS loader would choke on are caught")
    func presetCheck() throws {
        #expect(
            PresetCheck.problems(
                try JSONValue.parse(#"{"weight":0,"configurations":[{"type":"provision","name":"x","args":null}]}"#)
            ).isEmpty
        )
        #expect(!PresetCheck.problems(try JSONValue.parse(#"{"configurations":[]}"#)).isEmpty)
        #expect(!PresetCheck.problems(try JSONValue.parse(#"{"weight":0}"#)).isEmpty)
        #expect(
            !PresetCheck.problems(try JSONValue.parse(#"{"weight":0,"configurations":[{"type":"bogus"}]}"#)).isEmpty
        )
        #expect(
            !PresetCheck.problems(try JSONValue.parse(#"{"weight":0,"events":"0 BOOTSTRAP","configurations":[]}"#))
                .isEmpty
        )
        #expect(
            !PresetCheck.problems(try JSONValue.parse(#"{"weight":0,"schedule":"x 0 3 * * *","configurations":[]}"#))
                .isEmpty
        )
    }

    @Test("line diffs show only changed lines with context")
    func diff() {
        let a = (1...20).map(String.init).joined(separator: "\n")
        let b = a.replacingOccurrences(of: "\n10\n", with: "\nten\n")
        let lines = LineDiff.unified(a, b)
        #expect(lines == ["@@", " 7", " 8", " 9", "-10", "+ten", " 11", " 12", " 13"], "old line first, as diff(1)")
        #expect(LineDiff.unified("a\nb", "x\ny") == ["-a", "-b", "+x", "+y"])
    }
}
