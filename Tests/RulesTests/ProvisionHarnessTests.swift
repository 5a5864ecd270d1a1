import CWMP
import DeviceTrees
import FerruleCore
import FerruleTestSupport
import Foundation
import Rules
import Testing

@Suite("Provision harness: GenieACS's sandbox under Node")
struct ProvisionHarnessTests {
    /// 2024-03-18T07:00:01.004Z
    static let now: Double = 1_710_745_201_004

    static let tree = ParameterTree([
        ParameterEntry(path: "Device.", isObject: true),
        ParameterEntry(
            path: "Device.ManagementServer.PeriodicInformInterval",
            value: "300",
            type: .unsignedInt,
            writable: true
        ),
        ParameterEntry(
            path: "Device.ManagementServer.PeriodicInformEnable",
            value: "1",
            type: .boolean,
            writable: true
        ),
        ParameterEntry(
            path: "Device.ManagementServer.PeriodicInformTime",
            value: "2024-01-01T00:00:00Z",
            type: .dateTime,
            writable: true
        ),
        ParameterEntry(path: "Device.WiFi.Radio.", writable: false, isObject: true),
        ParameterEntry(path: "Device.WiFi.Radio.2.", writable: false, isObject: true),
        ParameterEntry(path: "Device.WiFi.Radio.2.OperatingFrequencyBand", value: "2.4GHz", type: .string),
        ParameterEntry(path: "Device.WiFi.Radio.2.Enable", value: "true", type: .boolean),
        ParameterEntry(path: "Device.WiFi.Radio.2.Channel", value: "11", type: .unsignedInt),
        ParameterEntry(path: "Device.WiFi.Radio.2.Stats.Noise", value: "-90", type: .int),
        ParameterEntry(path: "Device.WiFi.Radio.10.", writable: false, isObject: true),
        ParameterEntry(path: "Device.WiFi.Radio.10.OperatingFrequencyBand", value: "5GHz", type: .string),
        ParameterEntry(path: "Device.WiFi.Radio.10.Enable", value: "false", type: .boolean),
        ParameterEntry(path: "Device.WiFi.Radio.10.Channel", value: "36", type: .unsignedInt),
        ParameterEntry(path: "Device.WiFi.Radio.10.Stats.Noise", value: "-85", type: .int),
        ParameterEntry(path: "Device.WiFi.SSID.1.LowerLayers", value: "Device.WiFi.Radio.2", type: .string),
        ParameterEntry(path: "Device.WiFi.SSID.1.SSID", value: "home", type: .string, writable: true),
        ParameterEntry(path: "Device.WiFi.SSID.3.LowerLayers", value: "Device.WiFi.Radio.10", type: .string),
        ParameterEntry(path: "Device.WiFi.SSID.3.SSID", value: "home-5", type: .string, writable: true),
    ])

    static let deviceId = [
        "id": "3C52A1-EX220-2236457000123", "serialNumber": "2236457000123", "oui": "3C52A1", "productClass": "EX220",
        "manufacturer": "TP-Link",
    ]

    static func run(_ script: String, args: [String] = [], tags: [String] = ["ftth"]) async throws
        -> ProvisionHarness.Result
    {
        try await ProvisionHarness.run(script: script, args: args, tree: tree, deviceId: deviceId, tags: tags, now: now)
    }

    static func failure(_ script: String) async throws -> ProvisionHarness.ScriptError {
        do {
            _ = try await run(script)
        } catch let error as ProvisionHarness.ScriptError {
            return error
        }
        Issue.record("the script ran without error")
        return ProvisionHarness.ScriptError(message: "", logs: [])
    }

    @Test("a literal set records the declared path, its match, the value as text and the explicit type")
    func literalSet() async throws {
        let result = try await Self.run(
            """
            declare("Device.ManagementServer.PeriodicInformInterval", {value: 1}, {value: [3600, "xsd:unsignedInt"]});
            declare("Device.ManagementServer.PeriodicInformEnable", {value: 1}, {value: true});
            declare("Device.ManagementServer.Missing", {value: 1}, {value: [args[0], "xsd:string"]});
            declare("Device.ManagementServer.PeriodicInformInterval", {value: Date.now()});
            """,
            args: ["secret"]
        )
        #expect(
            result.declarations == [
                .init(
                    path: "Device.ManagementServer.PeriodicInformInterval",
                    resolved: ["Device.ManagementServer.PeriodicInformInterval"],
                    value: "3600",
                    type: "xsd:unsignedInt"
                ),
                .init(
                    path: "Device.ManagementServer.PeriodicInformEnable",
                    resolved: ["Device.ManagementServer.PeriodicInformEnable"],
                    value: "true",
                    type: nil
                ),
                .init(path: "Device.ManagementServer.Missing", resolved: [], value: "secret", type: "xsd:string"),
            ]
        )
        #expect(result.value(at: "Device.ManagementServer.PeriodicInformInterval") == "3600")
        #expect(result.pathCounts.isEmpty)
    }

    @Test("values read back typed like GenieACS: booleans, int numbers, dateTime in ms, objects null")
    func typedValues() async throws {
        let result = try await Self.run(
            """
            const v = (p) => declare(p, {value: 1}).value;
            log(JSON.stringify(v("Device.ManagementServer.PeriodicInformEnable")));
            log(JSON.stringify(v("Device.ManagementServer.PeriodicInformInterval")));
            log(JSON.stringify(v("Device.ManagementServer.PeriodicInformTime")));
            log(JSON.stringify(v("Device.WiFi.Radio.2")));
            log(String(v("Device.Nothing")));
            log(String(declare("Device.WiFi.SSID.1.SSID", {value: 1}).writable));
            log(String(declare("Device.WiFi.SSID.1.SSID", {value: 1, writable: 1}).writable));
            declare("Device.WiFi.SSID.1.SSID", {value: 1}, {value: "new"});
            log(v("Device.WiFi.SSID.1.SSID")[0]);
            """
        )
        let cycle = [
            "[true,\"xsd:boolean\"]", "[300,\"xsd:unsignedInt\"]", "[1704067200000,\"xsd:dateTime\"]", "null",
            "undefined", "undefined", "true", "new",
        ]
        // The SSID changed: GenieACS applies the presets again and the script logs a second time.
        #expect(result.logs == cycle + cycle)
    }

    @Test("alias filters: quoted and unquoted values, typed comparison, relative sub-path keys, chained lookups")
    func aliasFilter() async throws {
        let result = try await Self.run(
            """
            const radio = declare("Device.WiFi.Radio.[OperatingFrequencyBand:\\"5GHz\\"]", {path: 1, value: 1});
            log(radio.size + " " + radio.path);
            log(declare("Device.WiFi.Radio.[OperatingFrequencyBand: 2.4GHz ]", {path: 1}).path);
            log(declare("Device.WiFi.Radio.[Enable:true]", {path: 1}).path);
            log(declare("Device.WiFi.Radio.[Channel:36,Enable:0]", {path: 1}).path);
            log(declare("Device.WiFi.Radio.[Stats.Noise:-90]", {path: 1}).path);
            log(String(declare("Device.WiFi.Radio.[OperatingFrequencyBand:6GHz]", {path: 1}).size));
            const ssid = declare("Device.WiFi.SSID.[LowerLayers:" + JSON.stringify(radio.path) + "]", {path: 1});
            declare(ssid.path + ".SSID", {value: 1}, {value: ["guest", "xsd:string"]});
            declare("Device.WiFi.SSID.[LowerLayers:Device.WiFi.Radio.2].SSID", {value: 1}, {value: "main"});
            """
        )
        let cycle = [
            "1 Device.WiFi.Radio.10", "Device.WiFi.Radio.2", "Device.WiFi.Radio.2", "Device.WiFi.Radio.10",
            "Device.WiFi.Radio.2", "undefined",
        ]
        #expect(result.logs == cycle + cycle)  // the SSIDs changed: a second preset cycle
        #expect(result.value(at: "Device.WiFi.SSID.3.SSID") == "guest")
        #expect(result.declarations.last?.path == "Device.WiFi.SSID.[LowerLayers:Device.WiFi.Radio.2].SSID")
        #expect(result.declarations.last?.resolved == ["Device.WiFi.SSID.1.SSID"])
    }

    @Test("a wildcard matches every child in numeric order; size, path and iteration follow the matches")
    func wildcard() async throws {
        let result = try await Self.run(
            """
            const channels = declare("Device.WiFi.Radio.*.Channel", {value: 1});
            log(channels.size + " " + channels.path);
            for (const c of channels) log(c.path + "=" + c.value[0]);
            declare("Device.WiFi.*.*.Enable", {value: 1}, {value: true});
            """
        )
        let cycle = [
            "2 Device.WiFi.Radio.2.Channel", "Device.WiFi.Radio.2.Channel=11", "Device.WiFi.Radio.10.Channel=36",
        ]
        #expect(result.logs == cycle + cycle)  // Enable changed: a second preset cycle
        #expect(result.declarations.first?.resolved == ["Device.WiFi.Radio.2.Enable", "Device.WiFi.Radio.10.Enable"])
    }

    @Test("[] matches all instances; a path count keeps that many, and is recorded with what matched in the end")
    func allInstances() async throws {
        let result = try await Self.run(
            """
            log(String(declare("Device.WiFi.SSID.[]", {path: 1}).size));
            declare("Device.WiFi.SSID.[]", {path: 1}, {path: 1});
            declare("Device.Time.Client.[Alias:\\"ntp\\"]", {path: 1}, {path: 1});
            """
        )
        // The session deletes the match beyond the count and runs the script again (logging again);
        // the table that does not exist gets no instance.
        #expect(result.logs == ["2", "1"])
        #expect(
            result.pathCounts == [
                .init(
                    path: "Device.WiFi.SSID.[]",
                    count: 1,
                    matched: ["Device.WiFi.SSID.1"],
                    deleted: ["Device.WiFi.SSID.3"]
                ),
                .init(path: "Device.Time.Client.[Alias:\"ntp\"]", count: 1, matched: []),
            ]
        )
    }

    @Test("Tags.<tag> exists iff the device has the tag; setting one resolves to it")
    func tags() async throws {
        let result = try await Self.run(
            """
            log(JSON.stringify(declare("Tags.ftth", {value: 1}).value));
            log(String(declare("Tags.lab", {value: 1}).size));
            log(String(declare("Tags.*", {value: 1}).size));
            declare("Tags.lab", null, {value: true});
            """,
            tags: ["ftth", "Customer Premises"]
        )
        // Tags.lab was added: the second cycle sees it.
        #expect(result.logs == ["[true,\"xsd:boolean\"]", "undefined", "2", "[true,\"xsd:boolean\"]", "1", "3"])
        #expect(result.declarations == [.init(path: "Tags.lab", resolved: ["Tags.lab"], value: "true", type: nil)])
    }

    @Test("DeviceID.* holds the device identity as read-only strings")
    func deviceID() async throws {
        let result = try await Self.run(
            """
            const id = declare("DeviceID.ID", {value: 1, writable: 1});
            log(id.value[0] + " " + id.value[1] + " " + id.writable);
            log(declare("DeviceID.SerialNumber", {value: 1}).value[0].slice(-4));
            log(String(declare("DeviceID.*", {value: 1}).size));
            """
        )
        #expect(result.logs == ["3C52A1-EX220-2236457000123 xsd:string false", "0123", "5"])
    }

    @Test("Date: now is the session time; Date.now(interval) is the (device-spread) interval start")
    func dates() async throws {
        let result = try await Self.run(
            """
            log(String(Date.now()));
            log(String(new Date().getTime()));
            log(String(Date.now(86400000, 0)));
            log(String(Date.now(86400000)));
            log(new Date(0).toISOString() + " " + Date.UTC(2024, 0, 1) + " " + Date.parse("2024-01-01T00:00:00Z"));
            Math.random.seed("hello.");
            log(String(Math.random()));
            """
        )
        let day = 86_400_000.0
        #expect(result.logs.count == 6)
        #expect(
            result.logs.prefix(3) == [
                "1710745201004", "1710745201004", String(Int(Self.now - Self.now.truncatingRemainder(dividingBy: day))),
            ]
        )
        let spread = try #require(Double(result.logs[3]))
        #expect(spread <= Self.now && spread > Self.now - day)
        #expect(result.logs[4] == "1970-01-01T00:00:00.000Z 1704067200000 1704067200000")
        // seedrandom's documented value for the seed "hello.".
        #expect(result.logs[5] == "0.9282578795792454")
    }

    @Test("Math.random is seeded with the device id: the same on every run")
    func seededRandom() async throws {
        let script = "log(String(Math.random()));"
        let first = try await Self.run(script)
        await #expect(first.logs == (try Self.run(script)).logs)
        #expect(first.logs.count == 1)
    }

    @Test("a top-level return ends the script (it runs inside the wrapper function)")
    func topLevelReturn() async throws {
        let result = try await Self.run(
            """
            declare("Device.ManagementServer.PeriodicInformInterval", null, {value: 60});
            if (declare("Device.WiFi.Radio.*", {path: 1}).size) return;
            declare("Device.ManagementServer.PeriodicInformEnable", null, {value: false});
            """
        )
        #expect(result.declarations.map(\.path) == ["Device.ManagementServer.PeriodicInformInterval"])
    }

    @Test("errors come back as GenieACS reports them: strict mode, syntax, bad paths, declare in try/catch")
    func errors() async throws {
        await #expect(try Self.failure("undeclared = 1;").message == "ReferenceError: undeclared is not defined")
        await #expect(try Self.failure("with (Math) { log(PI); }").message.hasPrefix("SyntaxError: "))
        await #expect(try Self.failure("const a = 010;").message.hasPrefix("SyntaxError: "))
        await #expect(try Self.failure("}").message == "SyntaxError: Unexpected token '}'")
        await #expect(
            try Self.failure("declare(\"Device.[Alias:x\", {path: 1});").message == "Error: Invalid alias expression"
        )
        await #expect(try Self.failure("ext(\"ext\", \"f\");").message.hasPrefix("Error: provision-harness: ext()"))
        let caught = try await Self.failure(
            """
            try { declare("Device.WiFi.Radio.*", {path: 1}).size; } catch (e) {}
            declare("Device.WiFi.SSID.*", {path: 1}).size;
            """
        )
        #expect(caught.message == "Error: Declare function should not be called from within a try/catch block")
        let thrown = try await Self.failure("log(\"before\");\nnull.x;")
        #expect(thrown.message.hasPrefix("TypeError: "))
        #expect(thrown.line == 2)
        #expect(thrown.logs == ["before"])
    }

    /// Loads a fixture device document: its tree, `_deviceId` and `_tags`.
    static func fixture(_ name: String) throws -> (ParameterTree, [String: String], [String]) {
        let url = Repository.root.appendingPathComponent("Fixtures/trees/\(name)")
        let bytes = Array(try Data(contentsOf: url))
        let tree = try ParameterTree.load(bytes, file: url.path).tree
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let identity = document["_deviceId"] as? [String: String] ?? [:]
        var deviceId = ["id": document["_id"] as? String ?? ""]
        for (key, field) in [
            ("serialNumber", "_SerialNumber"), ("oui", "_OUI"), ("productClass", "_ProductClass"),
            ("manufacturer", "_Manufacturer"),
        ] {
            deviceId[key] = identity[field]
        }
        return (tree, deviceId, document["_tags"] as? [String] ?? [])
    }

    @Test("every shipped provision runs on the TR-181 and TR-098 fixtures and declares the right paths")
    func shippedProvisions() async throws {
        let (_, artifacts, d) = RuleTestSupport.compileShipped()
        #expect(!d.hasErrors, "\(d.sorted)")
        let provisions = artifacts.filter { $0.kind == .provision }
        #expect(provisions.count >= 5)
        var results: [String: ProvisionHarness.Result] = [:]
        for fixture in ["nbi-device-tr181.json", "nbi-device-tr098.json"] {
            let (tree, deviceId, tags) = try Self.fixture(fixture)
            for provision in provisions {
                do {
                    let result = try await Self.run(
                        provision,
                        among: artifacts,
                        tree: tree,
                        deviceId: deviceId,
                        tags: tags
                    )
                    results["\(fixture) \(provision.rule)"] = result
                    for declaration in result.declarations {
                        #expect(declaration.value != "undefined", "\(fixture) \(provision.path): \(declaration)")
                    }
                } catch {
                    Issue.record("\(fixture) \(provision.path): \(error)")
                }
            }
        }
        let tr181 = try #require(results["nbi-device-tr181.json management-server"])
        #expect(tr181.value(at: "Device.ManagementServer.PeriodicInformInterval") == "3600")
        // The fixture has no ConnectionRequestUsername/Password: declared, but nothing to set there.
        let username = try #require(tr181.declaration("Device.ManagementServer.ConnectionRequestUsername"))
        #expect(username.value == "3C52A1-EX220-2236457000123" && username.resolved.isEmpty)
        #expect(tr181.declaration("Device.ManagementServer.ConnectionRequestPassword")?.value == "<secret>")
        let tr098 = try #require(results["nbi-device-tr098.json management-server"])
        #expect(tr098.value(at: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval") == "3600")
        #expect(tr098.declarations.allSatisfy { $0.path.hasPrefix("InternetGatewayDevice.") })
        // The TR-181 WiFi rule finds its SSID through the radio's band and the SSID's LowerLayers.
        let wifi = try #require(results["nbi-device-tr181.json wifi-2g"])
        #expect(wifi.value(at: "Device.WiFi.SSID.1.SSID") == "Fibre-0123")
        #expect(wifi.value(at: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase") == "<secret>")
    }

    /// Runs a compiled provision under Node with the arguments its rule's preset passes it.
    static func run(
        _ provision: CompiledArtifact,
        among artifacts: [CompiledArtifact],
        tree: ParameterTree,
        deviceId: [String: String],
        tags: [String],
        now: Double = ProvisionHarnessTests.now
    ) async throws -> ProvisionHarness.Result {
        let preset = artifacts.first { $0.kind == .preset && $0.rule == provision.rule }
        return try await ProvisionHarness.run(
            script: provision.contents,
            args: try presetArgs(preset),
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            now: now
        )
    }

    /// A preset's provision arguments with `${secret:NAME}` placeholders replaced by `<secret>`.
    private static func presetArgs(_ preset: CompiledArtifact?) throws -> [String] {
        guard let preset else { return [] }
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(preset.contents.utf8)) as? [String: Any]
        )
        let configurations = document["configurations"] as? [[String: Any]] ?? []
        let args = configurations.first?["args"] as? [Any] ?? []
        return args.map { arg in
            let text = arg as? String ?? "\(arg)"
            return text.hasPrefix("${secret:") ? "<secret>" : text
        }
    }
}
