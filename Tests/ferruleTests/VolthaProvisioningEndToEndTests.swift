import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// OLT → ONUs → provision-onu → deprovision-onu through the built `ferrule`: voltha-standin for
/// VOLTHA, `ferrule voltha sadis-serve` as ONOS's SADIS source, onos-standin for ONOS.
@Suite("ferrule voltha: ONU provisioning end to end (SADIS + ONOS olt app)")
struct VolthaProvisioningEndToEndTests {
    /// A SADIS file with the OLT entry, one subscriber already provisioned, and the profiles.
    static let sadis = """
        {"sadis": {"entries": [
          {"id": "BBSIM_OLT_0", "hardwareIdentifier": "0a:0a:0a:0a:00:00", "ipAddress": "10.0.0.5", "nasId": "BBSIM_OLT_0", "uplinkPort": 16777216},
          {"id": "BBSM00000001-1", "nasPortId": "BBSM00000001-1", "circuitId": "BBSM00000001-1", "remoteId": "BBSM00000001-1",
           "uniTagList": [{"serviceName": "hsia", "ponCTag": 900, "ponSTag": 900, "uniTagMatch": 0, "technologyProfileId": 64,
                           "upstreamBandwidthProfile": "User_Bandwidth1", "downstreamBandwidthProfile": "User_Bandwidth2", "isDhcpRequired": true}]}
        ]},
         "bandwidthprofile": {"entries": [
          {"id": "Default", "cir": 1000000, "cbs": 1001, "eir": 1002, "ebs": 1003, "air": 100000},
          {"id": "User_Bandwidth1", "cir": 50000, "cbs": 10000, "eir": 100000, "ebs": 10000, "air": 100000},
          {"id": "User_Bandwidth2", "cir": 100000, "cbs": 10000, "eir": 100000, "ebs": 10000, "air": 100000}
        ]}}
        """

    struct Lab {
        let voltha: ServerProcess
        let sadisServer: ServerProcess
        let onos: ServerProcess
        let sadisFile: String

        func stop() {
            onos.stop()
            sadisServer.stop()
            voltha.stop()
        }

        func ferrule(_ arguments: [String], environment: [String: String] = [:]) async throws -> FerruleRunner.Output {
            try await FerruleRunner.execute(
                ["voltha"] + arguments + [
                    "--voltha", voltha.firstLine, "--sadis", sadisFile, "--onos", onos.firstLine,
                ],
                environment: environment
            )
        }

        /// Calls ONOS as an operator would (karaf:karaf); returns the status.
        func onosCall(_ method: String, _ path: String) async throws -> Int {
            guard let url = URL(string: onos.firstLine + path) else { throw E2EError("bad URL") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue(
                "Basic " + Data("karaf:karaf".utf8).base64EncodedString(),
                forHTTPHeaderField: "Authorization"
            )
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        /// `ferrule voltha onus --discovered` (which reads the SADIS file but never calls ONOS).
        func discovered() async throws -> FerruleRunner.Output {
            try await FerruleRunner.execute(
                [
                    "voltha", "onus", "--discovered", "--format", "csv", "--voltha", voltha.firstLine, "--sadis",
                    sadisFile,
                ]
            )
        }

        func onosJSON(_ path: String) async throws -> JSONValue {
            guard let url = URL(string: onos.firstLine + path) else { throw E2EError("bad URL") }
            let (data, _) = try await URLSession.shared.data(from: url)
            return try JSONValue.parse(Array(data))
        }

        /// Injects ONOS failures (onos-standin `PUT /_standin/faults`).
        func faults(_ json: String) async throws {
            guard let url = URL(string: onos.firstLine + "/_standin/faults") else { throw E2EError("bad URL") }
            var request = URLRequest(url: url)
            request.httpMethod = "PUT"
            request.httpBody = Data(json.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 204 else { throw E2EError("faults \(json) refused") }
        }

        /// Whether ONOS lists c-tag `cTag` as programmed.
        func programmed(cTag: Int) async throws -> Bool {
            let programmed = try await onosJSON("/onos/olt/oltapp/programmed-subscribers")
            return (programmed["entries"]?.arrayValue ?? []).contains { $0["tagInfo"]?["ponCTag"]?.intValue == cTag }
        }

        static func start(scenario: String = "timing: {mode: time, step_ms: 0}\n") async throws -> Lab {
            let voltha = try await PythonStandIn.voltha(scenario: scenario)
            let sadisFile = try Scratch.file(
                "sadis.json",
                Array(VolthaProvisioningEndToEndTests.sadis.utf8)
            )
            let sadisServer = try await ServerProcess.start(
                FerruleRunner.executable,
                ["voltha", "sadis-serve", "--sadis", sadisFile, "--port", "0"],
                addressPrefix: "listening on ",
                environment: PythonStandIn.childEnvironment,
                stopSignal: SIGKILL
            )
            let onos = try await PythonStandIn.onos(
                voltha: voltha.firstLine,
                sadisURL: "\(sadisServer.firstLine)/v2/subscribers/%s",
                bandwidthProfileURL: "\(sadisServer.firstLine)/v2/bandwidthprofiles/%s"
            )
            return Lab(voltha: voltha, sadisServer: sadisServer, onos: onos, sadisFile: sadisFile)
        }
    }

    static let request = [
        "provision-onu", "--olt", "BBSIM_OLT_0", "--pon", "0", "--serial", "BBSM00000002", "--c-tag", "901", "--s-tag",
        "900", "--upstream-bp", "User_Bandwidth1", "--downstream-bp", "User_Bandwidth2",
    ]

    @Test(
        "provision-onu writes the SADIS entry ONOS then reads, and ONOS programs the UNI; deprovision-onu undoes both"
    )
    func provisionAndDeprovision() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let before = try await lab.discovered()
        #expect(before.stdout.contains("BBSM00000002,"))

        let provisioned = try await lab.ferrule(Self.request)
        #expect(provisioned.status == 0, "\(provisioned.stderr)")
        #expect(provisioned.stdout.hasPrefix("provisioned BBSM00000002-1: c-tag 901 s-tag 900 tp 64"))
        let programmed = try await lab.onosJSON("/onos/olt/oltapp/programmed-subscribers")
        let entries = programmed["entries"]?.arrayValue ?? []
        #expect(entries.contains { $0["tagInfo"]?["ponCTag"]?.intValue == 901 })
        let file = try SadisFile.read(lab.sadisFile)
        #expect(file.contains("\"BBSM00000002-1\""))
        // The same again changes nothing and succeeds (ONOS answers 204: nothing to add).
        let again = try await lab.ferrule(Self.request)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try SadisFile.read(lab.sadisFile) == file)

        let after = try await lab.discovered()
        #expect(!after.stdout.contains("BBSM00000002,"))

        let removed = try await lab.ferrule(["deprovision-onu", "--serial", "BBSM00000002"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let left = try await lab.onosJSON("/onos/olt/oltapp/programmed-subscribers")
        #expect(!(left["entries"]?.arrayValue ?? []).contains { $0["tagInfo"]?["ponCTag"]?.intValue == 901 })
        #expect(try !SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
    }

    @Test(
        "bad requests are refused before ONOS is called, each with its reason",
        arguments: [
            (["--olt", "OLT_NOPE"], "no OLT OLT_NOPE"),
            (["--pon", "7"], "PON port 7 is out of range: OLT"),
            (["--pon", "1"], "ONU BBSM00000002 is not on OLT"),

            (["--upstream-bp", "Gold"], "unknown bandwidth profile \"Gold\""),
            (["--serial", "BBSM0000000F"], "VOLTHA knows no ONU with that serial"),
        ]
    )
    func validation(_ override: [String], _ message: String) async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        var arguments = Self.request
        for pair in stride(from: 0, to: override.count, by: 2) {
            if let index = arguments.firstIndex(of: override[pair]) { arguments[index + 1] = override[pair + 1] }
        }
        let result = try await lab.ferrule(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let calls = try await lab.onosJSON("/_standin/calls")
        #expect(calls["calls"]?.arrayValue?.isEmpty == true)
        #expect(try !SadisFile.read(lab.sadisFile).contains("BBSM00000002-1"))
    }

    @Test("--check refuses a UNI the ONU does not have, naming the UNIs VOLTHA lists; its own UNI passes")
    func checkRefusesMissingUNI() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        var arguments = Self.request + ["--check"]
        let good = try await lab.ferrule(arguments)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("ok: BBSM00000002-1 can be provisioned"), "\(good.stdout)")
        arguments += ["--uni", "3"]
        let bad = try await lab.ferrule(arguments)
        #expect(bad.status == 1, "\(bad.stdout)")
        #expect(
            bad.stderr.contains("has no UNI 3: VOLTHA lists UNI 1 (1 Ethernet UNI port); pass --uni 1"),
            "\(bad.stderr)"
        )
        #expect(!bad.stdout.contains("ok:"))
        // Provisioning itself refuses it the same way, before SADIS or ONOS are touched.
        let provision = try await lab.ferrule(Self.request + ["--uni", "3"])
        #expect(provision.status == 1 && provision.stderr.contains("has no UNI 3"), "\(provision.stderr)")
        let calls = try await lab.onosJSON("/_standin/calls")
        #expect(calls["calls"]?.arrayValue?.isEmpty == true)
        #expect(try !SadisFile.read(lab.sadisFile).contains("BBSM00000002-3"))
    }

    @Test("a second UNI of the same OLT given the same s-tag and c-tag is provisioned with a warning naming the first")
    func tagCollisionWarns() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let first = try await lab.ferrule(Self.request)
        #expect(first.status == 0 && !first.stderr.contains("warning"), "\(first.stderr)")
        var second = Self.request
        if let serial = second.firstIndex(of: "--serial") { second[serial + 1] = "BBSM00000003" }
        let warning =
            "warning: s-tag 900 c-tag 901 is already service hsia of BBSM00000002-1 on the same OLT"
        let checked = try await lab.ferrule(second + ["--check"])
        #expect(checked.status == 0 && checked.stderr.contains(warning), "\(checked.stderr)")
        let provisioned = try await lab.ferrule(second)
        #expect(provisioned.status == 0 && provisioned.stderr.contains(warning), "\(provisioned.stderr)")
        // Provisioning the first UNI again does not warn about itself; another c-tag does not warn.
        let again = try await lab.ferrule(Self.request)
        #expect(again.status == 0 && !again.stderr.contains("BBSM00000002-1 on the same OLT"), "\(again.stderr)")
        if let serial = second.firstIndex(of: "--serial") { second[serial + 1] = "BBSM00000004" }
        if let cTag = second.firstIndex(of: "--c-tag") { second[cTag + 1] = "902" }
        let distinct = try await lab.ferrule(second + ["--check"])
        #expect(distinct.status == 0 && !distinct.stderr.contains("warning"), "\(distinct.stderr)")
    }

    @Test("provisioning a UNI's service again with another bandwidth profile names each changed field and the fix")
    func changedServiceFields() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        // BBSM00000001-1 has hsia with User_Bandwidth1/User_Bandwidth2, c-tag 900, s-tag 900, tp 64.
        let changed = ["BBSM00000002": "BBSM00000001", "901": "900", "User_Bandwidth1": "Default"]
        let arguments = Self.request.map { changed[$0] ?? $0 }
        let before = try SadisFile.read(lab.sadisFile)
        for extra in [["--check"], []] {
            let result = try await lab.ferrule(arguments + extra + ["--tp-id", "65"])
            #expect(result.status == 1, "\(result.stdout)")
            #expect(
                result.stderr.contains(
                    "BBSM00000001-1 already has service hsia with other values: --tp-id 64 → 65, "
                        + "--upstream-bp User_Bandwidth1 → Default; nothing was changed"
                ),
                "\(result.stderr)"
            )
            #expect(
                result.stderr.contains(
                    "`ferrule voltha deprovision-onu --serial BBSM00000001 --uni 1` (removes every service on the UNI: "
                        + "hsia), then run this provision-onu again"
                ),
                "\(result.stderr)"
            )
        }
        #expect(try SadisFile.read(lab.sadisFile) == before)
        let calls = try await lab.onosJSON("/_standin/calls")
        #expect(calls["calls"]?.arrayValue?.isEmpty == true)
    }

    @Test(
        "an ambiguous ONOS failure after ONOS programmed the service keeps the SADIS entry and succeeds with a warning",
        arguments: [
            (#"{"add_service": "program-then-500"}"#, [String](), "ONOS refused: java.lang.NullPointerException"),
            (#"{"add_service": "program-then-drop"}"#, [], "no answer from ONOS"),
            (#"{"add_service": "program-then-hang"}"#, ["--onos-timeout", "5"], "no answer from ONOS"),
        ]
    )
    func ambiguousButProgrammed(_ faults: String, _ extra: [String], _ cause: String) async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        try await lab.faults(faults)
        let result = try await lab.ferrule(Self.request + extra)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("provisioned BBSM00000002-1"), "\(result.stdout)")
        #expect(result.stderr.hasPrefix("warning: ONOS's answer left it open whether it programmed service hsia"))
        #expect(result.stderr.contains(cause), "\(result.stderr)")
        #expect(result.stderr.contains("list it, so it is provisioned and the SADIS entry stays"), "\(result.stderr)")
        #expect(
            result.stderr.contains("Check with: curl \(lab.onos.firstLine)/onos/olt/oltapp/programmed-subscribers/of:")
        )
        #expect(try await lab.programmed(cTag: 901))
        #expect(try SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""), "ONOS and SADIS agree")
    }

    @Test("an ambiguous ONOS failure where ONOS did not program the service takes the SADIS entry out again")
    func ambiguousNotProgrammed() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        try await lab.faults(#"{"add_service": "500"}"#)
        let result = try await lab.ferrule(Self.request)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(
            result.stderr.contains("programmed subscribers on of:")
                && result.stderr.contains(
                    "do not list service hsia (s-tag 900, c-tag 901, tp 64) on BBSM00000002-1, so "
                        + "it is not provisioned and the service was taken out of the SADIS file again"
                ),
            "\(result.stderr)"
        )
        #expect(try !(await lab.programmed(cTag: 901)))
        #expect(try !SadisFile.read(lab.sadisFile).contains("BBSM00000002-1"))
    }

    @Test(
        "unknown whether ONOS programmed it (unreadable, or never answered): the entry is kept, with how to check and finish",
        arguments: [
            (
                #"{"add_service": "program-then-drop", "programmed_subscribers": "500"}"#, [String](),
                "reading it back failed"
            ),
            (
                #"{"add_service": "hang"}"#, ["--onos-timeout", "1"],
                "ONOS had not answered when Ferrule gave up (--onos-timeout), and its programmed subscribers on of:"
            ),
        ]
    )
    func ambiguousUnknown(_ faults: String, _ extra: [String], _ reason: String) async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        try await lab.faults(faults)
        let result = try await lab.ferrule(Self.request + extra)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(
            result.stderr.contains(
                "whether ONOS programmed service hsia (s-tag 900, c-tag 901, tp 64) on BBSM00000002-1 is unknown: "
                    + reason
            ),
            "\(result.stderr)"
        )
        #expect(result.stderr.contains("The SADIS entry is kept"), "\(result.stderr)")
        #expect(
            result.stderr.contains("Check with: curl \(lab.onos.firstLine)/onos/olt/oltapp/programmed-subscribers/of:")
        )
        #expect(
            result.stderr.contains(
                "run this provision-onu again to finish it, or `ferrule voltha deprovision-onu --serial BBSM00000002 "
                    + "--uni 1` to undo it"
            )
        )
        #expect(try SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
        // As the error says: the same command again finishes it (ONOS adds it, or has it: 204, nothing to add).
        try await lab.faults("{}")
        let again = try await lab.ferrule(Self.request)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        #expect(try await lab.programmed(cTag: 901), "ONOS and SADIS agree")
    }

    /// The SADIS file with `entry` added to its entries.
    static func addEntry(_ file: String, _ entry: String) throws {
        let text = try SadisFile.read(file)
        let marker = "\"entries\": ["
        guard let range = text.range(of: marker) else { throw E2EError("no entries in \(file)") }
        try (text.replacingCharacters(in: range, with: marker + entry + ",")).write(
            toFile: file,
            atomically: true,
            encoding: .utf8
        )
    }

    @Test(
        "deprovision-onu of a service without technologyProfileId removes what ONOS programmed (tp -1, as ONOS reads it)"
    )
    func deprovisionServiceWithoutTechnologyProfile() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        try Self.addEntry(
            lab.sadisFile,
            #"{"id": "BBSM00000002-1", "uniTagList": [{"serviceName": "hsia", "ponCTag": 901, "ponSTag": 900, "#
                + #""upstreamBandwidthProfile": "User_Bandwidth1", "downstreamBandwidthProfile": "User_Bandwidth2"}]}"#
        )
        // ONOS programs the UNI's services from SADIS, as it does for an operator's own entry.
        #expect(try await lab.onosCall("POST", "/onos/olt/oltapp/services/BBSM00000002-1") == 200)
        #expect(try await lab.programmed(cTag: 901))
        let removed = try await lab.ferrule(["deprovision-onu", "--serial", "BBSM00000002"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try !(await lab.programmed(cTag: 901)), "ONOS no longer programs it")
        #expect(try !SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
    }

    @Test(
        "deprovision-onu keeps the SADIS entry when ONOS answers 204 (removed nothing) but still programs the service"
    )
    func deprovisionNothingRemovedButProgrammed() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let provisioned = try await lab.ferrule(Self.request)
        #expect(provisioned.status == 0, "\(provisioned.stderr)")
        lab.sadisServer.forceStop()  // ONOS's SADIS lookup fails: it answers the removal with 204
        let removed = try await lab.ferrule(["deprovision-onu", "--serial", "BBSM00000002"])
        #expect(removed.status == 1, "\(removed.stdout)")
        #expect(
            removed.stderr.contains(
                "ONOS answered the removal of service hsia (s-tag 900, c-tag 901, tp 64) from BBSM00000002-1 with 204 "
                    + "(it removed nothing) but still programs s-tag 900, c-tag 901 with tp 64: ONOS's SADIS lookup found "
                    + "no such service"
            ),
            "\(removed.stderr)"
        )
        #expect(removed.stderr.contains("the SADIS entry BBSM00000002-1 is kept"), "\(removed.stderr)")
        #expect(try await lab.programmed(cTag: 901))
        #expect(try SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
    }

    @Test("deprovision-onu of an ONU deleted from VOLTHA (ONOS: ConnectPoint not found) removes its SADIS entry")
    func deprovisionDeletedONU() async throws {
        // The ONU is gone for good (swapped): it does not range again with a new device id.
        let lab = try await Lab.start(scenario: "timing: {mode: time, step_ms: 0}\nrediscover_deleted_onus: false\n")
        defer { lab.stop() }
        let provisioned = try await lab.ferrule(Self.request)
        #expect(provisioned.status == 0, "\(provisioned.stderr)")
        let deleted = try await FerruleRunner.execute(
            ["voltha", "delete", "BBSM00000002", "--yes", "--voltha", lab.voltha.firstLine]
        )
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let removed = try await lab.ferrule(["deprovision-onu", "--serial", "BBSM00000002"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(
            removed.stdout.contains("note: ONOS knows no UNI BBSM00000002-1 (ConnectPoint not found"),
            "\(removed.stdout)"
        )
        #expect(try !SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
    }

    @Test(
        "deprovision-onu with credentials the sadis app refuses changes nothing, and the same command finishes it after"
    )
    func deprovisionWrongCredentials() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let provisioned = try await lab.ferrule(Self.request)
        #expect(provisioned.status == 0, "\(provisioned.stderr)")
        let refused = try await lab.ferrule(
            ["deprovision-onu", "--serial", "BBSM00000002"],
            environment: ["FERRULE_ONOS_PASSWORD": "wrong"]
        )
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("ONOS refused the credentials"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was changed"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong"), "the password is not shown")
        #expect(try await lab.programmed(cTag: 901))
        #expect(try SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
        let removed = try await lab.ferrule(["deprovision-onu", "--serial", "BBSM00000002"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try !(await lab.programmed(cTag: 901)))
        #expect(try !SadisFile.read(lab.sadisFile).contains("\"BBSM00000002-1\""))
    }

    @Test("provision-onu again for an entry already in the file fails when ONOS answers 204 but does not program it")
    func repeatedProvisionNotProgrammed() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        // BBSM00000001-1 hsia is in the file, not programmed; ONOS cannot reach sadis-serve.
        lab.sadisServer.forceStop()
        let request = Self.request.map { $0 == "BBSM00000002" ? "BBSM00000001" : $0 == "901" ? "900" : $0 }
        let result = try await lab.ferrule(request)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(
            result.stderr.contains(
                "do not list service hsia (s-tag 900, c-tag 900, tp 64) on BBSM00000001-1, so it is not provisioned "
                    + "and the SADIS entry stays as it was before this run"
            ),
            "\(result.stderr)"
        )
        #expect(result.stderr.contains("can ONOS reach `ferrule voltha sadis-serve`?"), "\(result.stderr)")
        // The entry stays (written back as canonical JSON, its content unchanged).
        let entry = try JSONValue.parse(Array(try SadisFile.read(lab.sadisFile).utf8))["sadis"]?["entries"]?.arrayValue?
            .first { $0["id"]?.stringValue == "BBSM00000001-1" }
        #expect(entry?["uniTagList"]?.arrayValue?.first?["ponCTag"]?.intValue == 900)
        #expect(try !(await lab.programmed(cTag: 900)))
    }

    @Test("provision-onu runs started together wait for each other's SADIS lock and all succeed")
    func parallelProvisioning() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let results = try await withThrowingTaskGroup(of: FerruleRunner.Output.self) { group in
            for index in 1...6 {
                let request = Self.request.map { $0 == "901" ? "\(910 + index)" : $0 } + ["--service", "s\(index)"]
                group.addTask { try await lab.ferrule(request) }
            }
            var all: [FerruleRunner.Output] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let entry = try SadisFile.read(lab.sadisFile)
        for index in 1...6 { #expect(entry.contains("\"s\(index)\"")) }
        for index in 1...6 { #expect(try await lab.programmed(cTag: 910 + index)) }
    }

    @Test("provision-onu and --check refuse an ONU under a disabled OLT, naming its state; ONOS is not called")
    func disabledOLT() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let disabled = try await FerruleRunner.execute(
            ["voltha", "disable", "BBSIM_OLT_0", "--yes", "--voltha", lab.voltha.firstLine]
        )
        #expect(disabled.status == 0, "\(disabled.stderr)")
        for extra in [["--check"], []] {
            let result = try await lab.ferrule(Self.request + extra)
            #expect(result.status == 1, "\(extra): \(result.stdout)")
            #expect(result.stderr.contains("is DISABLED and"), "\(result.stderr)")
            #expect(result.stderr.contains("enable it first (`ferrule voltha enable "), "\(result.stderr)")
        }
        let calls = try await lab.onosJSON("/_standin/calls")
        #expect(calls["calls"]?.arrayValue?.isEmpty == true)
        #expect(try !SadisFile.read(lab.sadisFile).contains("BBSM00000002-1"))
    }

    @Test(
        "output names the UNI as SADIS and ONOS do; deprovision --uni 0 is a usage error; a missing --sadis file is named"
    )
    func namingAndUsage() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let label = Self.request.map { $0 == "BBSM00000002" ? "ALCL78DE45B1" : $0 == "0" ? "1" : $0 }
        let checked = try await lab.ferrule(label + ["--check"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("ok: ALCL78de45b1-1 can be provisioned"), "\(checked.stdout)")
        let provisioned = try await lab.ferrule(label)
        #expect(provisioned.status == 0, "\(provisioned.stderr)")
        #expect(provisioned.stdout.hasPrefix("provisioned ALCL78de45b1-1: c-tag 901"), "\(provisioned.stdout)")
        #expect(try SadisFile.read(lab.sadisFile).contains("\"ALCL78de45b1-1\""))

        let uni = try await lab.ferrule(["deprovision-onu", "--serial", "ALCL78DE45B1", "--uni", "0"])
        #expect(uni.status == 64, "\(uni.stderr)")
        #expect(uni.stderr.contains("--uni 0 is out of range: 1-16"), "\(uni.stderr)")

        let mistyped = lab.sadisFile + ".jsn"
        for command in [Self.request, ["deprovision-onu", "--serial", "BBSM00000002"]] {
            let result = try await FerruleRunner.execute(
                ["voltha"] + command + [
                    "--voltha", lab.voltha.firstLine, "--sadis", mistyped, "--onos", lab.onos.firstLine,
                ]
            )
            #expect(result.status == 1, "\(result.stdout)")
            #expect(result.stderr.contains("no such SADIS file. Check the path"), "\(result.stderr)")
            #expect(!result.stderr.contains("bandwidth profile \""), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: mistyped))
        }
    }

    @Test("an ONOS URL with user:password@ is a usage error that does not repeat the password; ONOS is not called")
    func credentialsInURL() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        let withPassword = lab.onos.firstLine.replacingOccurrences(of: "://", with: "://karaf:Sup3rS3cret@")
        var arguments = ["voltha"] + Self.request + ["--voltha", lab.voltha.firstLine, "--sadis", lab.sadisFile]
        arguments += ["--onos", withPassword]
        let result = try await FerruleRunner.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("FERRULE_ONOS_USERNAME and FERRULE_ONOS_PASSWORD"), "\(result.stderr)")
        #expect(!result.stderr.contains("Sup3rS3cret") && !result.stdout.contains("Sup3rS3cret"))
        let calls = try await lab.onosJSON("/_standin/calls")
        #expect(calls["calls"]?.arrayValue?.isEmpty == true)
    }

    @Test("sadis-serve refuses to start on a missing or broken file instead of serving nothing")
    func sadisServeRefusesMissingFile() async throws {
        let directory = try Scratch.directory()
        let missing = try await FerruleRunner.run([
            "voltha", "sadis-serve", "--sadis", directory.appendingPathComponent("sadsi.json").path, "--port", "0",
        ])
        #expect(missing.status == 1 && missing.stderr.contains("no such SADIS file"), "\(missing.stderr)")
        let broken = try Scratch.file("sadis.json", Array("{\"sadis\": ".utf8))
        let unreadable = try await FerruleRunner.run(["voltha", "sadis-serve", "--sadis", broken, "--port", "0"])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("error[sadis]"), "\(unreadable.stderr)")
        #expect(!missing.stdout.contains("listening") && !unreadable.stdout.contains("listening"))
    }

    @Test(
        "values out of range are usage errors (64) before VOLTHA, ONOS or the SADIS file are touched",
        arguments: [
            (["--c-tag", "5000"], "c-tag 5000 is out of range: VLAN ids are 1-4094"),
            (["--s-tag", "0"], "s-tag 0 is out of range"),
            (["--uni", "0"], "UNI 0 is out of range: 1-16"),
            (["--tp-id", "63"], "technology profile 63 is out of range: VOLTHA uses 64-255"),
        ]
    )
    func usageErrors(_ override: [String], _ message: String) async throws {
        // The override replaces the request's own value: an option given twice is a usage error of its own.
        var request = Self.request
        if let at = request.firstIndex(of: override[0]) {
            request.removeSubrange(at...at + 1)
        }
        var arguments = ["voltha"] + request
        arguments += override + ["--voltha", "127.0.0.1:9", "--onos", "http://127.0.0.1:9", "--sadis", "/nonexistent"]
        let result = try await FerruleRunner.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("the SADIS server answers ONOS's lookups as BBSim's does")
    func sadisServer() async throws {
        let lab = try await Lab.start()
        defer { lab.stop() }
        guard let url = URL(string: lab.sadisServer.firstLine + "/v2/subscribers/BBSM00000001-1"),
            let missing = URL(string: lab.sadisServer.firstLine + "/v2/subscribers/BBSM0000000F-1")
        else { throw E2EError("bad URL") }
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(try JSONValue.parse(Array(data))["uniTagList"]?.arrayValue?.first?["ponSTag"]?.intValue == 900)
        let (_, notFound) = try await URLSession.shared.data(from: missing)
        #expect((notFound as? HTTPURLResponse)?.statusCode == 404)
    }
}

enum SadisFile {
    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}
