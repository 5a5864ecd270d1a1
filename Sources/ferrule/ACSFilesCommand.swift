import ArgumentParser
import FerruleCore
import Foundation
import GenieACS

/// `ferrule acs files [upload FILE | delete NAME]`.
struct ACSFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List, upload or delete files GenieACS serves to CPEs (firmware, configuration).",
        subcommands: [List.self, Upload.self, Delete.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored files.")

        @OptionGroup var acs: ACSOptions

        @Option(help: "table, json or csv.")
        var format: ListFormat = .table

        func run() async throws {
            let client = try acs.client()
            let files = try await reportingACSErrors { try await client.files() }
            let rows = files.map {
                [
                    $0.name, $0.length.map(String.init) ?? "", $0.metadata.fileType, $0.metadata.oui,
                    $0.metadata.productClass, $0.metadata.version, $0.uploadDate ?? "",
                ]
            }
            TableOutput.print(
                columns: ["name", "length", "fileType", "oui", "productClass", "version", "uploadDate"],
                rows: rows,
                format: format,
                types: ["length": .number]
            )
        }
    }

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upload",
            abstract: "Upload a file (replaces a stored file of the same name)."
        )

        @OptionGroup var acs: ACSOptions

        @Argument(help: "The local file.")
        var file: String

        @Option(help: "The name in GenieACS (default: the file's name).")
        var name: String?

        @Option(help: "The file type.")
        var fileType = "1 Firmware Upgrade Image"

        @Option(help: "The OUI it is for.")
        var oui = ""

        @Option(help: "The product class it is for.")
        var productClass = ""

        @Option(help: "The firmware version it installs.")
        var version = ""

        func validate() throws {
            let metadata = FileMetadata(fileType: fileType, oui: oui, productClass: productClass, version: version)
            if let problem = metadata.headerProblem { throw ValidationError(problem + "; use ASCII") }
        }

        func run() async throws {
            let data: [UInt8]
            do {
                // Firmware images are large on purpose: this command's cap is 1 GiB.
                data = try BoundedFileReader.read(
                    file,
                    limit: max(1 << 30, BoundedFileReader.configuredLimit),
                    adjustable: true
                )
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            }
            let stored = name ?? (file as NSString).lastPathComponent
            let client = try acs.client()
            try await reportingACSErrors {
                try await client.uploadFile(
                    stored,
                    contents: data,
                    metadata: FileMetadata(fileType: fileType, oui: oui, productClass: productClass, version: version)
                )
            }
            print("uploaded \(stored) (\(data.count) bytes) to \(client.baseURL)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a stored file.")

        @OptionGroup var acs: ACSOptions

        @Argument(help: "The file name in GenieACS.")
        var name: String

        func run() async throws {
            let client = try acs.client()
            try await reportingACSErrors { try await client.deleteFile(name) }
            print("deleted \(name)")
        }
    }
}
