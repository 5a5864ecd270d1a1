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

        func ferrule(_ arguments: [String]) async throws -> FerruleRunner.Output {
            try await FerruleRunner.execute(
                ["voltha"] + arguments + ["--voltha", voltha.firstLine, "--sadis", sadisFile, "--onos", onos.firstLine]
            )
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

        static func start() async throws -> Lab {
            let voltha = try await PythonStandIn.voltha(scenario: "timing: {mode: time, step_ms: 0}\n")
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
