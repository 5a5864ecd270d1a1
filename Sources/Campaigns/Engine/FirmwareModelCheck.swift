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
    /// refuses to start, ``CampaignError/missingFirmwareFile(_:campaignID:)``).
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
        var count = 0
        for target in targets where target.skipReason == nil {
            let ouiDiffers = oui.map { $0.uppercased() != (target.oui ?? "").uppercased() } ?? false
            let classDiffers = productClass.map { $0 != (target.productClass ?? "") } ?? false
            guard ouiDiffers || classDiffers else { continue }
            count += 1
            models["\(target.oui ?? "?")/\(target.productClass ?? "?")", default: 0] += 1
        }
        guard count > 0 else { return }
        throw FirmwareModelError(
            file: file,
            fileModel: [oui.map { "OUI \($0)" }, productClass.map { "product class \($0)" }].compactMap { $0 }
                .joined(separator: ", "),
            devices: count,
            models: models.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                ($0.key, $0.value)
            }
        )
    }
}

/// Devices of other models than the firmware file is for; nothing was created.
public struct FirmwareModelError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// `OUI 3C52A1, product class EX220`.
    public var fileModel: String
    public var devices: Int
    /// `OUI/ProductClass` and how many devices, most first.
    public var models: [(String, Int)]

    public var description: String {
        let shown = models.prefix(5).map { "\(DisplayText.value($0.0)) (\($0.1))" }.joined(separator: ", ")
        return "firmware file \(DisplayText.value(file)) is for \(fileModel) (its GenieACS metadata), but "
            + "\(devices) of the target device(s) are other models: \(shown)\(models.count > 5 ? ", …" : ""); "
            + "nothing was created. Narrow the devices to that model (`devices: {oui: …, model: …}`) "
            + "or choose the file built for them"
    }
}
