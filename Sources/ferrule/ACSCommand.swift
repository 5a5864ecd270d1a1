import ArgumentParser

/// `ferrule acs`: the GenieACS operations of the seed platform, from the command line.
struct ACSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acs",
        abstract: "Query GenieACS and send tasks through its NBI (--acs URL or FERRULE_ACS_URL).",
        discussion: """
            Every subcommand takes --acs URL (or FERRULE_ACS_URL) and --format table|json|csv. \
            Credentials for a proxy in front of the NBI come from FERRULE_ACS_USERNAME and \
            FERRULE_ACS_PASSWORD, FERRULE_ACS_TOKEN, or FERRULE_ACS_HEADER ("Name: value").

            Exit status: 0 success, 1 when GenieACS refuses or cannot be reached (the URL and the \
            cause are printed), 64 usage errors.
            """,
        subcommands: [
            ACSDevicesCommand.self, ACSDeviceCommand.self, ACSTaskCommand.self, ACSFaultsCommand.self,
            ACSFaultDeleteCommand.self, ACSFilesCommand.self, ACSPresetsCommand.self, ACSProvisionsCommand.self,
        ]
    )
}
