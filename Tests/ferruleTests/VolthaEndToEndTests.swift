import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// `ferrule voltha …` through the built executable against `voltha-standin`.
@Suite("ferrule voltha: end to end against voltha-standin")
struct VolthaEndToEndTests {
    static let instant = "timing: {mode: time, step_ms: 0}\n"

    static func ferrule(_ arguments: [String], _ standIn: ServerProcess) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(["voltha"] + arguments + ["--voltha", standIn.firstLine])
    }

    @Test("health, devices, device, adapters, device types, logical devices and stats print in every format")
    func readCommands() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        let health = try await Self.ferrule(["health"], standIn)
        #expect(health.status == 0 && health.stdout.contains("ready"), "\(health.stderr)")

        let csv = try await Self.ferrule(["devices", "--format", "csv"], standIn)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,type,root,parentId,serialNumber,adminState,operStatus,connectStatus,reason")
        #expect(lines.count == 10)
        #expect(lines.contains { $0.contains(",BBSM00000001,ENABLED,ACTIVE,REACHABLE,omci-flows-pushed") })

        let json = try await Self.ferrule(["device", "BBSM00000001", "--format", "json"], standIn)
        let fields = try #require(try JSONValue.parse(json.stdout).arrayValue)
        #expect(
            fields.contains { $0["field"]?.stringValue == "serialNumber" && $0["value"]?.stringValue == "BBSM00000001" }
        )
        #expect(fields.contains { $0["field"]?.stringValue == "proxyAddress.onuId" && $0["value"]?.intValue == 1 })

        let adapters = try await Self.ferrule(["adapters"], standIn)
        #expect(adapters.stdout.contains("openolt_1") && adapters.stdout.contains("brcm_openomci_onu_1"))
        let types = try await Self.ferrule(["device-types", "--format", "csv"], standIn)
        #expect(types.stdout.contains("brcm_openomci_onu"))

        let logical = try await Self.ferrule(["logical-devices", "--format", "json"], standIn)
        let logicalID = try #require(try JSONValue.parse(logical.stdout).arrayValue?.first?["id"]?.stringValue)
        let ports = try await Self.ferrule(["logical-device", logicalID], standIn)
        #expect(ports.stdout.contains("BBSM00000001-1"))

        let stats = try await Self.ferrule(["stats", "BBSIM_OLT_0", "--format", "csv"], standIn)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(
            stats.stdout.contains(",oltPonStats,pon-0,portStatistics.") && stats.stdout.contains(",oltNniStats,nni-0,")
        )
        let onuStats = try await Self.ferrule(["stats", "BBSM00000001"], standIn)
        #expect(onuStats.stdout.contains("onuOpticalInfo") && onuStats.stdout.contains("onuPonInfo"))
    }

    @Test("--format json is typed in every voltha listing: numbers as numbers, booleans as booleans, enums by name")
    func typedJSON() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        func json(_ arguments: [String]) async throws -> [JSONValue] {
            let output = try await Self.ferrule(arguments + ["--format", "json"], standIn)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            return try #require(try JSONValue.parse(output.stdout).arrayValue, "\(arguments)")
        }
        let devices = try await json(["devices"])
        let olt = try #require(devices.first { $0["serialNumber"]?.stringValue == "BBSIM_OLT_0" })
        #expect(olt["root"] == .bool(true) && olt["adminState"] == .string("ENABLED"))
        #expect(devices.contains { $0["root"] == .bool(false) })

        let device = try await json(["device", "BBSM00000001"])
        func field(_ name: String) -> JSONValue? { device.first { $0["field"]?.stringValue == name }?["value"] }
        #expect(field("root") == .bool(false))
        #expect(field("parentPortNo")?.intValue != nil && field("proxyAddress.channelId")?.intValue == 0)
        #expect(field("operStatus") == .string("ACTIVE"))
        let port = try #require(device.first { $0["field"]?.stringValue?.hasPrefix("port.") == true }?["value"])
        #expect(port["portNo"]?.intValue != nil && port["type"]?.stringValue != nil, "\(port)")
        // The ONU's images from GetOnuImages (its device record has none, as openonu leaves it).
        let image = try #require(device.first { $0["field"]?.stringValue == "image.0" }?["value"])
        #expect(image["isActive"] == .bool(true) && image["version"] == .string("BBSM_IMG_00001"), "\(image)")
        #expect(field("image.1")?["version"] == .string("BBSM_IMG_00002"))

        let onus = try await json(["onus"])
        let bbsm = onus.first { $0["serialNumber"]?.stringValue == "BBSM00000001" }
        #expect(bbsm?["onuId"]?.intValue == 1)
        #expect(bbsm?["activeSoftware"] == .string("BBSM_IMG_00001"))
        #expect(bbsm?["standbySoftware"] == .string("BBSM_IMG_00002"))

        let adapters = try await json(["adapters"])
        #expect(adapters.allSatisfy { $0["currentReplica"]?.intValue != nil && $0["totalReplicas"]?.intValue != nil })
        // Unix seconds of the core's last keepalive with the adapter (voltha-go
        // rw_core/core/adapter/agent.go:125-135): the stand-in's adapters are live now.
        let now = Int(Date().timeIntervalSince1970)
        #expect(
            adapters.allSatisfy { ($0["lastCommunication"]?.intValue).map { abs($0 - now) < 600 } == true },
            "\(adapters)"
        )

        let logicalID = try #require(try await json(["logical-devices"]).first?["id"]?.stringValue)
        let ports = try await json(["logical-device", logicalID])
        #expect(ports.contains { $0["rootPort"] == .bool(true) && $0["ofpPort"]?.intValue == 16_777_216 })
        #expect(ports.allSatisfy { $0["devicePort"]?.intValue != nil })

        for target in ["BBSIM_OLT_0", "BBSM00000001"] {
            let stats = try await json(["stats", target])
            #expect(!stats.isEmpty)
            let strings = stats.compactMap { $0["value"]?.stringValue }.filter { Double($0) != nil || $0 == "true" }
            #expect(strings.isEmpty, "\(target): numbers or booleans as strings: \(strings)")
        }
    }

    @Test("errors name the device and the address, exit 1; a bad address is a usage error (64)")
    func errors() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        let missing = try await Self.ferrule(["device", "onu-123"], standIn)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: \(standIn.firstLine): no device onu-123"))
        // Enabling an enabled device is not an error (VOLTHA refuses it, but a second disable is OK there).
        let enabled = try await Self.ferrule(["enable", "BBSM00000002"], standIn)
        #expect(enabled.status == 0, "\(enabled.stderr)")
        #expect(
            enabled.stdout.hasPrefix("ONU ")
                && enabled.stdout.contains("is already enabled (oper ACTIVE): nothing to do")
        )
        let bad = try await FerruleRunner.execute(["voltha", "devices", "--voltha", "host:notaport"])
        #expect(bad.status == 64 && bad.stderr.contains("bad port"))
        let down = try await FerruleRunner.execute(["voltha", "health", "--voltha", "127.0.0.1:1"])
        #expect(down.status == 1 && down.stdout.contains("down"))
        // A --voltha-ca that is not PEM is named with the option, not as the transport's failedToLoadCertificate.
        let notPEM = try Scratch.file("not-a-ca.txt", Array("just text\n".utf8))
        let ca = try await FerruleRunner.execute([
            "voltha", "devices", "--voltha", "127.0.0.1:1", "--voltha-ca", notPEM,
        ])
        #expect(ca.status == 1, "\(ca.stdout)")
        #expect(
            ca.stderr.contains(
                "the CA bundle (--voltha-ca) \(notPEM) is not PEM: it has no -----BEGIN CERTIFICATE-----"
            ),
            "\(ca.stderr)"
        )
    }

    @Test("disable, reboot and delete of an OLT need --yes when not on a terminal; the OLT takes its ONUs with it")
    func destructive() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        for verb in ["disable", "reboot", "delete"] {
            let refused = try await Self.ferrule([verb, "BBSIM_OLT_0"], standIn)
            #expect(refused.status == 64, "\(verb): \(refused.stderr)")
            #expect(refused.stderr.contains("refusing without --yes"))
        }
        let onuDisable = try await Self.ferrule(["disable", "BBSM00000003"], standIn)
        #expect(onuDisable.status == 0 && onuDisable.stdout.hasPrefix("disabled ONU "))
        let deleted = try await Self.ferrule(["delete", "BBSIM_OLT_0", "--yes"], standIn)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let after = try await Self.ferrule(["devices", "--format", "csv"], standIn)
        #expect(after.stdout.split(separator: "\n").count == 1)
    }

    @Test("onus lists the inventory, by OLT, and the discovered ONUs (no subscriber in the SADIS file)")
    func onus() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        let all = try await Self.ferrule(["onus", "--format", "csv"], standIn)
        let rows = all.stdout.split(separator: "\n")
        #expect(rows.count == 9)
        #expect(
            rows.first?.hasPrefix("serialNumber,vendorId,vendorSpecific,deviceId,oltId,oltSerialNumber,ponPort,onuId")
                == true
        )
        #expect(rows.dropFirst().first?.hasPrefix("BBSM00000001,BBSM,00000001,") == true)
        let sadis = try Scratch.file("sadis.json", Array(VolthaProvisioningEndToEndTests.sadis.utf8))
        let discovered = try await Self.ferrule(
            ["onus", "--olt", "BBSIM_OLT_0", "--discovered", "--sadis", sadis],
            standIn
        )
        #expect(discovered.status == 0, "\(discovered.stderr)")
        #expect(!discovered.stdout.contains("BBSM00000001") && discovered.stdout.split(separator: "\n").count == 8)
    }

    /// Two HWTC ONUs up (the second does not answer the OMCI Get of its images) and a ZyXEL one.
    static let software = """
        timing: {mode: time, step_ms: 0}
        olts:
          - state: enabled
            serial_number: BBSIM_OLT_0
            pon_ports: 1
            onus:
              - {pon: 0, serial: HWTC00000001}
              - {pon: 0, serial: HWTC00000002, images_fail: true}
              - {pon: 0, serial: ZYXE00000003, software_active: "V2.50(ABVJ.0)b3"}
        """

    @Test("onus and device show the software versions GetOnuImages reports; an ONU that does not answer still lists")
    func software() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.software)
        defer { standIn.stop() }
        let listed = try await Self.ferrule(["onus", "--format", "csv"], standIn)
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = listed.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(rows.first?.suffix(2) == ["activeSoftware", "standbySoftware"])
        let bySerial = Dictionary(rows.dropFirst().map { (String($0[0]), $0.suffix(2).map(String.init)) }) { a, _ in a }
        #expect(bySerial["HWTC00000001"] == ["V5R019C00S050", "V5R019C00S040"])
        #expect(bySerial["HWTC00000002"] == ["", ""], "its images could not be read")
        #expect(bySerial["ZYXE00000003"] == ["V2.50(ABVJ.0)b3", "V2.50(ABVJ.0)b1"])
        #expect(listed.stderr.contains("warning: the software versions of 1 of 3 ONU(s) could not be read"))
        #expect(listed.stderr.contains("HWTC00000002 (") && listed.stderr.contains("wait-for-image-status-timeout-"))

        // Past --software-limit nothing is asked, and a note says why the columns are empty.
        let limited = try await Self.ferrule(["onus", "--format", "csv", "--software-limit", "2"], standIn)
        #expect(limited.status == 0 && !limited.stdout.contains("V5R019C00S050"), "\(limited.stdout)")
        #expect(
            limited.stderr.contains(
                "note: software versions not read: 3 ONUs are ACTIVE and REACHABLE, more than --software-limit 2"
            )
        )
        let none = try await Self.ferrule(["onus", "--format", "csv", "--software-limit", "0"], standIn)
        #expect(none.status == 0 && !none.stdout.contains("V5R019C00S050") && none.stderr.isEmpty, "\(none.stderr)")
        let bad = try await Self.ferrule(["onus", "--software-limit", "100001"], standIn)
        #expect(bad.status == 64 && bad.stderr.contains("--software-limit 100001 is out of range"), "\(bad.stderr)")

        let device = try await Self.ferrule(["device", "HWTC00000001"], standIn)
        #expect(device.status == 0 && device.stdout.contains("V5R019C00S050 (active, committed)"), "\(device.stdout)")
        let failing = try await Self.ferrule(["device", "HWTC00000002"], standIn)
        #expect(failing.status == 0 && !failing.stdout.contains("image."), "\(failing.stdout)")
        #expect(failing.stderr.contains("warning: the ONU's software images could not be read"), "\(failing.stderr)")

        // ONUs that went down (their OLT disabled) are not asked, and the device view says why.
        let disabled = try await Self.ferrule(["disable", "BBSIM_OLT_0", "--yes"], standIn)
        #expect(disabled.status == 0, "\(disabled.stderr)")
        let down = try await Self.ferrule(["onus", "--format", "csv"], standIn)
        #expect(down.status == 0 && !down.stdout.contains("V5R019C00S050") && down.stderr.isEmpty, "\(down.stderr)")
        let downDevice = try await Self.ferrule(["device", "HWTC00000001"], standIn)
        #expect(
            downDevice.stderr.contains("note: no software images: the ONU is DISCOVERED/UNREACHABLE"),
            "\(downDevice.stderr)"
        )
    }

    /// One ONU that answers GetOnuImages at once and nine whose adapter never answers (a wedged openonu).
    static let wedged =
        "timing: {mode: time, step_ms: 0}\nolts:\n  - state: enabled\n    serial_number: BBSIM_OLT_0\n"
        + "    pon_ports: 1\n    onus:\n      - {pon: 0, serial: HWTC00000001}\n"
        + (2...10).map { "      - {pon: 0, serial: HWTC\(String(format: "%08d", $0)), images_delay_ms: 600000}\n" }
        .joined()

    @Test("the software reads of onus end within --software-budget: the ONUs not read by then stay empty, with a note")
    func softwareBudget() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.wedged)
        defer { standIn.stop() }
        // Without a budget this would take two rounds of 8 calls at --voltha-timeout 60 each.
        let listed = try await Self.ferrule(
            ["onus", "--format", "csv", "--voltha-timeout", "60", "--software-budget", "1"],
            standIn
        )
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("HWTC00000001,") && listed.stdout.contains("V5R019C00S050"), "\(listed.stdout)")
        #expect(
            listed.stderr.contains(
                "note: the software versions of 9 of 10 ONU(s) were not read within --software-budget 1 s"
            ),
            "\(listed.stderr)"
        )
        let bad = try await Self.ferrule(["onus", "--software-budget", "0"], standIn)
        #expect(bad.status == 64 && bad.stderr.contains("--software-budget 0 is out of range"), "\(bad.stderr)")
    }

    /// An OLT created but not connected (empty serial, `voltha-openolt-adapter` device_handler.go:
    /// 1381-1420) beside a connected one, and a second connected OLT with the first one's serial.
    static let blankAndTwins = """
        timing: {mode: time, step_ms: 0}
        olts:
          - {state: enabled, serial_number: BBSIM_OLT_0}
          - {state: preprovisioned}
          - {state: enabled, serial_number: BBSIM_OLT_0, onus_per_pon: 1}
        """

    @Test("a blank device id or serial is a usage error (64) for every command naming a device; nothing is deleted")
    func blankDevice() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.blankAndTwins)
        defer { standIn.stop() }
        let provision = [
            "--pon", "0", "--serial", "BBSM00000001", "--c-tag", "900", "--s-tag", "100", "--upstream-bp", "up",
            "--downstream-bp", "down",
        ]
        for blank in ["", "  "] {
            let commands: [[String]] = [
                ["delete", blank, "--yes"], ["disable", blank, "--yes"], ["reboot", blank, "--yes"], ["enable", blank],
                ["device", blank], ["stats", blank], ["onus", "--olt", blank],
                ["provision-onu", "--olt", blank] + provision,
                ["deprovision-onu", "--serial", blank], ["logical-device", blank],
            ]
            for command in commands {
                let output = try await Self.ferrule(command, standIn)
                #expect(output.status == 64, "\(command): \(output.stderr)")
                #expect(
                    output.stderr.contains("is empty") || output.stderr.contains("only white space"),
                    "\(command): \(output.stderr)"
                )
            }
        }
        let olts = try await Self.ferrule(["devices", "--olts", "--format", "csv"], standIn)
        #expect(olts.stdout.split(separator: "\n").count == 4, "\(olts.stdout)")
    }

    @Test("a serial two OLTs carry is an error naming both, never the first one's ONUs")
    func ambiguousSerial() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.blankAndTwins)
        defer { standIn.stop() }
        let json = try await Self.ferrule(["devices", "--olts", "--format", "json"], standIn)
        let ids = try #require(try JSONValue.parse(json.stdout).arrayValue).filter {
            $0["serialNumber"]?.stringValue == "BBSIM_OLT_0"
        }.compactMap { $0["id"]?.stringValue }
        #expect(ids.count == 2)
        for command in [
            ["onus", "--olt", "BBSIM_OLT_0"], ["device", "BBSIM_OLT_0"], ["disable", "BBSIM_OLT_0", "--yes"],
        ] {
            let output = try await Self.ferrule(command, standIn)
            #expect(output.status == 1 && output.stdout.isEmpty, "\(command): \(output.stdout)")
            #expect(output.stderr.contains("serial BBSIM_OLT_0 matches 2 devices"), "\(command): \(output.stderr)")
            for id in ids { #expect(output.stderr.contains(id), "\(command): \(output.stderr)") }
        }
        let byID = try await Self.ferrule(["onus", "--olt", ids[0], "--format", "csv"], standIn)
        #expect(byID.status == 0, "\(byID.stderr)")
    }

    @Test("a reboot VOLTHA refuses because the ONU's OLT has no agent names the missing OLT, not the ONU")
    func parentAgentMissing() async throws {
        let voltha = try await PythonStandIn.start("Fixtures/voltha/parent_agent_missing.py")
        defer { voltha.stop() }
        let output = try await Self.ferrule(["reboot", "onu-1"], voltha)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("device onu-1: VOLTHA has no agent for its parent OLT olt-gone"),
            "\(output.stderr)"
        )
        #expect(!output.stderr.contains("no device onu-1"), "\(output.stderr)")
    }

    @Test(
        "--voltha-tls against VOLTHA's plain gRPC says the TLS handshake failed and what to change, not \"unreachable\""
    )
    func tlsAgainstPlain() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: Self.instant)
        defer { standIn.stop() }
        let devices = try await Self.ferrule(["devices", "--voltha-tls"], standIn)
        #expect(devices.status == 1)
        #expect(
            devices.stderr.contains("TLS handshake with VOLTHA failed: the server does not speak TLS on that port"),
            "\(devices.stderr)"
        )
        #expect(devices.stderr.contains("drop --voltha-tls") && !devices.stderr.contains("VOLTHA unreachable"))
        let health = try await Self.ferrule(["health", "--voltha-tls", "--format", "json"], standIn)
        #expect(health.status == 1 && health.stdout.contains("TLS handshake"), "\(health.stdout)")
    }
}
