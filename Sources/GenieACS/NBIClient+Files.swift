import CurlHTTP
import FerruleCore
import FerruleJSON

/// Metadata GenieACS keeps with an uploaded file (GenieACS 1.2.16 lib/nbi.ts:493-524).
public struct FileMetadata: Sendable, Hashable {
    /// `1 Firmware Upgrade Image`, `3 Vendor Configuration File`, …
    public var fileType: String
    public var oui: String
    public var productClass: String
    public var version: String

    public init(
        fileType: String = "1 Firmware Upgrade Image",
        oui: String = "",
        productClass: String = "",
        version: String = ""
    ) {
        self.fileType = fileType
        self.oui = oui
        self.productClass = productClass
        self.version = version
    }
}

/// A file stored in GenieACS (`files` collection).
public struct StoredFile: Sendable, Hashable {
    public var name: String
    public var length: Int?
    public var uploadDate: String?
    public var metadata: FileMetadata

    init?(document: JSONValue) {
        guard let name = document["_id"]?.stringValue ?? document["filename"]?.stringValue else { return nil }
        self.name = name
        length = document["length"]?.intValue
        uploadDate = document["uploadDate"]?.stringValue
        let m = document["metadata"]
        metadata = FileMetadata(
            fileType: m?["fileType"]?.stringValue ?? "",
            oui: m?["oui"]?.stringValue ?? "",
            productClass: m?["productClass"]?.stringValue ?? "",
            version: m?["version"]?.stringValue ?? ""
        )
    }
}

extension FileMetadata {
    /// What is wrong with the metadata as GenieACS receives it, if anything: it travels in HTTP
    /// headers (lib/nbi.ts:495-501 at v1.2.16 reads `fileType`, `oui`, `productClass` and
    /// `version` from them), which Node decodes as Latin-1 — `V5 é` (UTF-8) would be stored as
    /// `V5 Ã©` — and a control character would end or forge a header. Printable ASCII only.
    public var headerProblem: String? {
        for (name, value) in [
            ("fileType", fileType), ("oui", oui), ("productClass", productClass), ("version", version),
        ] where !value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return "the file's \(name) \(DisplayText.value(value)) is not printable ASCII: GenieACS reads it from an "
                + "HTTP header, which Node decodes as Latin-1 (UTF-8 text would be stored garbled)"
        }
        return nil
    }
}

extension NBIClient {
    /// `PUT /files/<name>` with the metadata headers; GenieACS answers 201 and replaces a file of
    /// the same name (GenieACS 1.2.16 lib/nbi.ts:493-541).
    public func uploadFile(_ name: String, contents: [UInt8], metadata: FileMetadata) async throws {
        if let problem = metadata.headerProblem {
            throw GenieACSError.invalidArgument(
                problem + "; nothing was sent",
                method: "PUT",
                url: baseURL + "/files/\(NBIPath.segment(name))"
            )
        }
        try await expect(
            "PUT",
            "/files/\(NBIPath.segment(name))",
            body: contents,
            headers: [
                HTTPHeader("Content-Type", "application/octet-stream"), HTTPHeader("fileType", metadata.fileType),
                HTTPHeader("oui", metadata.oui), HTTPHeader("productClass", metadata.productClass),
                HTTPHeader("version", metadata.version),
            ],
            statuses: [200, 201]
        )
    }

    /// `DELETE /files/<name>`; throws a not-found ``GenieACSError`` when absent.
    ///
    /// GenieACS 1.2.16 crashes an NBI worker when the file does not exist (lib/nbi.ts:526-535: the driver's
    /// `File not found for id …` fails its `FileNotFound` check), so the client counts the file first and sends
    /// the DELETE only when it is there.
    public func deleteFile(_ name: String) async throws {
        let path = "/files/\(NBIPath.segment(name))"
        guard try await count(.files, query: .object([("_id", .string(name))])) > 0 else {
            throw GenieACSError.notFound(method: "DELETE", url: baseURL + path, detail: "no file named \(name)")
        }
        try await expect("DELETE", path)
    }

    public func files() async throws -> [StoredFile] {
        try await query(.files, CollectionQuery(sort: [("_id", 1)])).items.compactMap { StoredFile(document: $0) }
    }
}
