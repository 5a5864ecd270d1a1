import ArgumentParser
import DataModel
import Foundation

/// `ferrule model`: work with Broadband Forum data models.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Work with Broadband Forum data models.",
        subcommands: [ModelCompileCommand.self]
    )
}

/// `ferrule model compile`: resolve a BBF full XML model once into a fast-loading `.fmodel`.
struct ModelCompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a Broadband Forum full data-model XML file into a fast-loading .fmodel file.",
        discussion: """
            The compiled file holds the resolved model (dataType chains merged) and the hash of the XML \
            it came from; `ferrule validate --model FILE.fmodel` loads it in milliseconds.
            """
    )

    @Argument(help: "A BBF *-full.xml data-model file.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the compiled model (default: FILE with .fmodel).")
    var output: String?

    func run() async throws {
        let bytes: [UInt8]
        switch InputFiles.read(file) {
        case .failure(let error):
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        case .success(let b): bytes = b
        }
        let model: DataModel
        do {
            model = try DataModelLoader.loadXML(bytes, file: file)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(1)
        }
        let destination = output ?? ((file as NSString).deletingPathExtension + ".fmodel")
        let compiled = CompiledModel.encode(model, sourceHash: CompiledModel.sourceHash(bytes))
        do {
            try Data(compiled).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            StandardError.write(
                "\(destination): error: cannot write the compiled model: \(error.localizedDescription)\n"
            )
            throw ExitCode(2)
        }
        print(
            "\(destination): \(model.name) (\(model.label)), \(model.objects.count) objects, "
                + "\(model.parameters.count) parameters, \(compiled.count) bytes"
        )
    }
}
