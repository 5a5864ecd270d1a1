import CWMP
import DeviceTrees
import FerruleJSON
import Foundation

/// A device model that many simulated devices share: the parameter tree read from a fixture, in path order, with
/// the identity the devices inherit (GenieACS 1.2.16 lib/cwmp/db.ts:338-351 `_deviceId`). Devices keep only their
/// differences from it (``DeviceRecord``).
final class FixtureModel: Sendable {
    /// Where it came from (a path or `embedded:tr098`).
    let name: String
    /// Node paths without a trailing dot, in natural order; every ancestor of a node is a node.
    let paths: [String]
    let nodes: [ParamNode]
    let index: [String: Int]
    /// Each path's segments, split once.
    let segments: [[String]]
    let manufacturer: String
    let oui: String
    let productClass: String
    /// `<root>.DeviceInfo.SerialNumber`, whose value each device replaces with its own serial.
    let serialPath: String?
    /// `<root>.DeviceInfo.SoftwareVersion`, what a firmware download changes.
    let softwareVersionPath: String?

    init(name: String, tree: ParameterTree, identity: DeviceIdentity) {
        var byPath: [String: ParamNode] = [:]
        for entry in tree.unorderedEntries {
            var path = entry.path
            if path.hasSuffix(".") { path.removeLast() }
            guard !path.isEmpty else { continue }
            let type = entry.isObject ? nil : (entry.type?.xsdName ?? "xsd:string")
            byPath[path] = ParamNode(
                isObject: entry.isObject,
                writable: entry.writable ?? false,
                value: entry.isObject ? nil : ParamValue.from(text: entry.value ?? "", type: type),
                type: type
            )
            // Every ancestor is an object node.
            var ancestor = Substring(path)
            while let dot = ancestor.lastIndex(of: ".") {
                ancestor = ancestor[..<dot]
                let key = String(ancestor)
                if byPath[key] == nil {
                    byPath[key] = ParamNode(isObject: true, writable: false, value: nil, type: nil)
                } else if byPath[key]?.isObject == false {
                    byPath[key]?.isObject = true
                    byPath[key]?.value = nil
                    byPath[key]?.type = nil
                }
            }
        }
        let sorted = byPath.keys.sorted(by: ParameterPath.naturalOrder)
        self.name = name
        paths = sorted
        nodes = sorted.map { byPath[$0] ?? ParamNode(isObject: true, writable: false) }
        index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        segments = sorted.map { $0.split(separator: ".").map(String.init) }
        let root = sorted.first { !$0.contains(".") } ?? "Device"
        func text(_ suffix: String) -> String? {
            if case .string(let s)? = byPath[root + ".DeviceInfo." + suffix]?.value, !s.isEmpty { return s }
            return nil
        }
        manufacturer = identity.manufacturer ?? text("Manufacturer") ?? "Unknown"
        oui = identity.oui ?? text("ManufacturerOUI") ?? "000000"
        productClass = identity.productClass ?? text("ProductClass") ?? text("ModelName") ?? ""
        serialPath = byPath[root + ".DeviceInfo.SerialNumber"] != nil ? root + ".DeviceInfo.SerialNumber" : nil
        softwareVersionPath =
            byPath[root + ".DeviceInfo.SoftwareVersion"] != nil ? root + ".DeviceInfo.SoftwareVersion" : nil
    }

    /// Reads a fixture: a GenieACS CSV (export or genieacs-sim model) or an NBI device document.
    static func load(file path: String) throws -> FixtureModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, message: "cannot read the fixture tree")
        }
        return try load(bytes: Array(data), name: path)
    }

    static func load(bytes: [UInt8], name: String) throws -> FixtureModel {
        let loaded: LoadedTree
        do {
            loaded = try ParameterTree.loadSource(bytes, file: name)
        } catch {
            throw ScenarioError(file: name, message: "\(error)")
        }
        guard !loaded.tree.isEmpty else {
            throw ScenarioError(file: name, message: "the fixture holds no parameters")
        }
        // The `_deviceId` of an NBI document, the `DeviceID.*` rows of a CSV export (which
        // ``ParameterTree`` skips as GenieACS pseudo-parameters) or an Inform's DeviceId.
        return FixtureModel(name: name, tree: loaded.tree, identity: DeviceIdentity.read(bytes, format: loaded.format))
    }
}
