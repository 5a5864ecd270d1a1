import ArgumentParser
import Campaigns
import DataModel
import FerruleCore

/// `--model` of `ferrule campaign plan` / `create`: the data models a configuration campaign's values are
/// held against, found as `ferrule plan` / `deploy` find them (`--model`, `$FERRULE_MODELS`, ./Models).
struct CampaignModelOptions: ParsableArguments {
    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A BBF full data-model XML or .fmodel file a configuration campaign's values are checked against "
                + "(repeatable)."
        )
    )
    var models: [String] = []

    /// The models, after the campaign's values known from its file (literals, secrets given) were checked
    /// against them; nil for a firmware campaign, or when no models are found and none were asked for. A value
    /// the models refuse is an `error[bad-value]` and exits 1 before GenieACS is contacted.
    func checkedModels(_ spec: CampaignSpec, secrets: SecretStore, command: String) async throws -> ModelSet? {
        guard case .configuration = spec.change, let models = try await DeployInputs.modelSet(models) else {
            return nil
        }
        let diagnostics = ConfigurationValueCheck.check(spec, models: models, secrets: secrets)
        DiagnosticOutput.print(diagnostics)
        guard !diagnostics.hasErrors else {
            StandardError.write(
                "ferrule campaign \(command): \(diagnostics.errorCount) value(s) the data model refuses; "
                    + "GenieACS was not contacted\n"
            )
            throw ExitStatus.failure
        }
        return models
    }

    /// Prints a refusal of per-device values and exits 1.
    static func refuse(_ diagnostics: DiagnosticCollector, devices: Int, command: String, outcome: String) throws
        -> Never
    {
        DiagnosticOutput.print(diagnostics)
        StandardError.write(
            "ferrule campaign \(command): \(devices) device(s) would get value(s) the data model refuses; \(outcome)\n"
        )
        throw ExitStatus.failure
    }
}
