import ArgumentParser
import Foundation
import VOLTHA

/// `ferrule voltha onus`: the ONU inventory, or the discovered (not yet provisioned) ONUs.
struct VolthaOnusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onus",
        abstract: "ONU inventory: serial, vendor, OLT, PON port, ONU id, states, reason, software.",
        discussion: """
            --discovered lists ONUs VOLTHA created (every ONU that ranges) that have no subscriber \
            in the SADIS file yet (--sadis FILE or FERRULE_SADIS).

            The software columns come from the ONU itself: VOLTHA's device list has no versions, \
            so each ACTIVE and REACHABLE ONU listed is asked (GetOnuImages, read over OMCI by the \
            openonu adapter; 8 at a time, each within --voltha-timeout). Other ONUs cannot answer \
            and show none. When more ONUs than --software-limit (default 1000; 0: never ask) would \
            be asked, none is and a note says so: narrow the listing with --olt or --discovered, or \
            raise the limit. All the reads together take at most --software-budget seconds (default \
            60): VOLTHA puts no deadline of its own on GetOnuImages, so without one a wedged openonu \
            adapter would hold the listing for --voltha-timeout per 8 ONUs; the ONUs not read by then \
            keep empty columns and a note counts them. An ONU that does not answer keeps empty \
            columns and is named in a warning on standard error; the listing still succeeds.
            """
    )
    @OptionGroup var voltha: VolthaOptions
    @Option(help: "Only ONUs of this OLT (device id or serial).") var olt: String?
    @Flag(help: "Only ONUs without a subscriber in the SADIS file.") var discovered = false
    @Option(help: "The SADIS file (default: $FERRULE_SADIS).") var sadis: String?
    @Option(help: "table, json or csv.") var format: ListFormat = .table
    @Option(help: "Ask at most this many ONUs for their software versions (GetOnuImages), 0-100000; 0: none.")
    var softwareLimit: Int = 1000
    @Option(help: "Read the software versions within this many seconds in all, 1-3600; the rest stay empty.")
    var softwareBudget: Int = 60

    func validate() throws {
        if let olt { try requireDeviceKey(olt, "--olt") }
        guard (0...100_000).contains(softwareLimit) else {
            throw ValidationError("--software-limit \(softwareLimit) is out of range: 0-100000 ONUs")
        }
        guard (1...3600).contains(softwareBudget) else {
            throw ValidationError("--software-budget \(softwareBudget) is out of range: 1-3600 seconds")
        }
    }

    static let columns = [
        "serialNumber", "vendorId", "vendorSpecific", "deviceId", "oltId", "oltSerialNumber", "ponPort", "onuId",
        "adminState", "operStatus", "connectStatus", "reason", "activeSoftware", "standbySoftware",
    ]

    func run() async throws {
        // The SADIS file first: it must exist (a mistyped path would list every ONU as discovered),
        // and a file that cannot be read needs no VOLTHA call to say so.
        var subscribers: Set<String>?
        if discovered {
            let store = try SadisOptions.store(sadis)
            subscribers = Set(try reportingSadis { try store.readExisting() }.subscribers.map(\.id))
        }
        let limit = softwareLimit
        let budget = Duration.seconds(softwareBudget)
        let (listed, software, asked) = try await voltha.run { client in
            var entries = try await client.onuInventory(olt: olt)
            if let subscribers {
                entries = OnuInventory.discovered(entries, subscriberIDs: subscribers)
            }
            let asked = entries.filter(\.answersImages).count
            guard asked > 0, asked <= limit else { return (entries, OnuSoftwareReport(), asked) }
            return (entries, await client.onuSoftware(entries, budget: budget), asked)
        }
        var entries = listed
        software.apply(to: &entries)
        if asked > limit, limit > 0 {
            StandardError.write(
                "note: software versions not read: \(asked) ONUs are ACTIVE and REACHABLE, more than --software-limit "
                    + "\(limit) (one GetOnuImages each); narrow the listing with --olt or raise --software-limit\n"
            )
        }
        if !software.unread.isEmpty {
            StandardError.write(
                "note: the software versions of \(software.unread.count) of \(asked) ONU(s) were not read within "
                    + "--software-budget \(softwareBudget) s (GetOnuImages, 8 at a time); their activeSoftware and "
                    + "standbySoftware are empty: narrow the listing with --olt or raise --software-budget\n"
            )
        }
        if !software.failures.isEmpty {
            StandardError.write(
                "warning: the software versions of \(software.failures.count) of \(asked) ONU(s) could not be read "
                    + "(GetOnuImages); their activeSoftware and standbySoftware are empty:\n"
                    + software.failureLines().map { "  \($0)\n" }.joined()
            )
        }
        let rows = entries.map {
            [
                $0.serialNumber, $0.vendorID, $0.vendorSpecific, $0.deviceID, $0.oltID, $0.oltSerialNumber, $0.ponLabel,
                String($0.onuID), $0.adminState.description, $0.operStatus.description, $0.connectStatus.description,
                $0.reason, $0.activeSoftware, $0.standbySoftware,
            ]
        }
        TableOutput.print(columns: Self.columns, rows: rows, format: format, types: ["onuId": .number])
    }
}

/// Where the SADIS file and ONOS are.
enum SadisOptions {
    static func store(_ path: String?) throws -> SadisStore {
        let environment = CommandEnvironment.current["FERRULE_SADIS"]
        guard let file = path ?? environment else {
            throw ValidationError(
                "no SADIS file: pass --sadis FILE or set FERRULE_SADIS (e.g. sadis.json in your rules repository)"
            )
        }
        return SadisStore(path: file)
    }
}

/// Runs `body`, printing ``VolthaError``s (SADIS file problems) and exiting 1.
func reportingSadis<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as VolthaError {
        StandardError.write("error: \(error)\n")
        throw ExitCode(1)
    }
}
