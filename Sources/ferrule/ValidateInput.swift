import CWMP
import DeviceTrees

/// Reads one tree file for `ferrule validate` (a thin wrapper over ``ParameterTree/loadSource``).
enum ValidateInput {
    static func load(_ bytes: [UInt8], format: TreeSourceFormat, file: String, charset: String?) throws -> LoadedTree {
        try ParameterTree.loadSource(bytes, format: format, file: file, charset: charset)
    }
}
