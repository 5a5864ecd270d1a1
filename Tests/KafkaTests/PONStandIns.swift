import FerruleTestSupport

/// What the PON scenarios start, and stop together: the Tansu broker, the GenieACS stand-in with
/// `devices` offline CPEs whose serials (`HWTC00…`) match the VOLTHA stand-in's ONUs, and the
/// VOLTHA stand-in publishing its events to the broker.
struct PONStandIns {
    let broker: KafkaBroker
    let genie: ServerProcess
    let voltha: ServerProcess

    /// The GenieACS stand-in's NBI.
    var acs: StandInHTTP { StandInHTTP(base: genie.firstLine) }

    static func start(devices: Int, volthaScenario: String) async throws -> PONStandIns {
        let broker = try await KafkaBroker.start()
        let genie: ServerProcess
        do {
            genie = try await PONScenarioEndToEndTests.genieACS(devices: devices)
        } catch {
            broker.stop()
            throw error
        }
        do {
            let voltha = try await PythonStandIn.start(
                "Tools/voltha-standin/voltha_standin.py",
                arguments: ["--kafka", broker.address],
                files: ["--scenario": volthaScenario]
            )
            return PONStandIns(broker: broker, genie: genie, voltha: voltha)
        } catch {
            genie.stop()
            broker.stop()
            throw error
        }
    }

    func stop() {
        voltha.stop()
        genie.stop()
        broker.stop()
    }
}
