import DeviceTrees
import FerruleCore
import FerruleJSON
public import GenieACS

/// A firmware file GenieACS records as being for one OUI or product class (`ferrule acs files
/// upload --oui … --product-class …`: the `oui` and `productClass` headers GenieACS 1.2.16 stores
/// as the file's `metadata.oui` / `metadata.productClass`, lib/nbi.ts:496-500) is never scheduled
/// onto other models: flashing an image built for another model can brick a CPE.
public enum FirmwareModelCheck {
    /// The file's `metadata.oui` and `metadata.productClass` (nil: absent or empty), nil when GenieACS
    /// has no such file (``CampaignWarning/missingFirmwareFile(file:acs:at:)`` at create; the runner
    /// refuses to start, ``CampaignError/missingFirmwareFile(_:campaignID:running:)``).
    ///
    /// GenieACS 1.2.16 keeps uploaded files in GridFS, `_id` the file name (lib/nbi.ts:493-524); `GET /files`
    /// reads its `fs.files` collection (lib/db/db.ts:36, lib/nbi.ts:589-600), and the file server answers 404 for
    /// a name that collection lacks (lib/fs.ts:102-108), so no CPE can download such a file.
    public static func model(of file: String, acs: any GenieACSNBI) async throws -> (
        oui: String?, productClass: String?
    )? {
        let page = try await acs.query(.files, CollectionQuery(query: .object([("_id", .string(file))]), limit: 1))
        guard let document = page.items.first else { return nil }
        func text(_ key: String) -> String? {
            guard let value = document["metadata"]?[key]?.stringValue, !value.isEmpty else { return nil }
            return value
        }
        return (text("oui"), text("productClass"))
    }

    /// Refuses targets (skipped ones aside: they are never pushed) whose OUI or product class is not
    /// the file's; the OUI compares case-insensitively (hex digits), the product class exactly.
    ///
    /// - Throws: ``FirmwareModelError`` naming how many devices differ and their models.
    public static func check(
        _ targets: [CampaignResolver.Target],
        file: String,
        oui: String?,
        productClass: String?
    ) throws(FirmwareModelError) {
        guard oui != nil || productClass != nil else { return }
        var models: [String: Int] = [:]
        for target in targets where target.skipReason == nil {
            let ouiDiffers = oui.map { $0.uppercased() != (target.oui ?? "").uppercased() } ?? false
            let classDiffers = productClass.map { $0 != (target.productClass ?? "") } ?? false
            guard ouiDiffers || classDiffers else { continue }
            models["\(target.oui ?? "?")/\(target.productClass ?? "?")", default: 0] += 1
        }
        try refuse(models, file: file, oui: oui, productClass: productClass, stage: .create)
    }

    /// Refuses devices of a stored campaign, named by their GenieACS ids, whose OUI or product class is not
    /// the file's, before any is pushed: the file may have been uploaded, or replaced by another image under
    /// the same name, after `campaign create` checked it (GenieACS 1.2.16's `PUT /files/<name>` deletes the
    /// file of that name and stores the new one, lib/nbi.ts:493-524).
    ///
    /// The model is read from the id itself, which GenieACS builds from the Inform's DeviceId as
    /// `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` without a product class, each part escaped so
    /// it holds no `-` (lib/util.ts:3-27, ``GenieACSDeviceID/make(oui:productClass:serialNumber:)``): the
    /// file's OUI and product class are escaped the same way and compared with the parts. An id of another
    /// form counts as another model (`?/?`): nothing is pushed to a device whose model is not known.
    ///
    /// - Throws: ``FirmwareModelError`` of `stage` naming how many devices differ and their models.
    public static func check(
        deviceIDs: some Sequence<String>,
        file: String,
        oui: String?,
        productClass: String?,
        stage: FirmwareModelError.Stage
    ) throws(FirmwareModelError) {
        guard oui != nil || productClass != nil else { return }
        let wantedOUI = oui.map { GenieACSDeviceID.escape($0).uppercased() }
        let wantedClass = productClass.map { GenieACSDeviceID.escape($0) }
        var models: [String: Int] = [:]
        for id in deviceIDs {
            let parts = id.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3 else {
                models["?/?", default: 0] += 1
                continue
            }
            let deviceClass = parts.count == 3 ? parts[1] : ""
            let ouiDiffers = wantedOUI.map { $0 != parts[0].uppercased() } ?? false
            let classDiffers = wantedClass.map { $0 != deviceClass } ?? false
            guard ouiDiffers || classDiffers else { continue }
            models["\(parts[0])/\(deviceClass.isEmpty ? "?" : deviceClass)", default: 0] += 1
        }
        try refuse(models, file: file, oui: oui, productClass: productClass, stage: stage)
    }

    private static func refuse(
        _ models: [String: Int],
        file: String,
        oui: String?,
        productClass: String?,
        stage: FirmwareModelError.Stage
    ) throws(FirmwareModelError) {
        guard !models.isEmpty else { return }
        throw FirmwareModelError(
            file: file,
            fileModel: [oui.map { "OUI \($0)" }, productClass.map { "product class \($0)" }].compactMap { $0 }
                .joined(separator: ", "),
            devices: models.values.reduce(0, +),
            models: models.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                ($0.key, $0.value)
            },
            stage: stage
        )
    }
}

/// Devices of other models than the firmware file is for: nothing was created (`campaign create`), or
/// nothing was pushed to them (`campaign run` / `resume`, and before each push of a run).
public struct FirmwareModelError: Error, Sendable, CustomStringConvertible {
    /// Where the check refused.
    public enum Stage: Sendable, Equatable {
        /// `campaign create`: nothing was created.
        case create
        /// The start of a run (`campaign run` / `resume`): nothing was pushed, the campaign keeps its state.
        case start(campaignID: String)
        /// Before a push of a running campaign: the campaign is paused.
        case push(campaignID: String)
    }

    public var file: String
    /// `OUI 3C52A1, product class EX220`.
    public var fileModel: String
    public var devices: Int
    /// `OUI/ProductClass` and how many devices, most first.
    public var models: [(String, Int)]
    public var stage: Stage = .create

    public var description: String {
        let shown = models.prefix(5).map { "\(DisplayText.value($0.0)) (\($0.1))" }.joined(separator: ", ")
        let refusal =
            "firmware file \(DisplayText.value(file)) is for \(fileModel) (its GenieACS metadata), but "
            + "\(devices) of the \(stage == .create ? "target" : "pending") device(s) are other models: "
            + "\(shown)\(models.count > 5 ? ", …" : ""); "
        switch stage {
        case .create:
            return refusal + "nothing was created. Narrow the devices to that model (`devices: {oui: …, model: …}`) "
                + "or choose the file built for them"
        case .start(let id):
            return refusal + "nothing was pushed and the campaign keeps its state. Upload the image built for them "
                + "under this name (`ferrule acs files upload IMAGE --name \(DisplayText.value(file)) --version …`), "
                + "then `ferrule campaign run \(id)` again, or cancel the campaign"
        case .push(let id):
            return refusal + "the file changed after the run started: nothing more was pushed, the campaign was "
                + "paused and its tasks still queued withdrawn. Upload the image built for them under this name, then "
                + "`ferrule campaign resume \(id)`, or cancel the campaign"
        }
    }
}
