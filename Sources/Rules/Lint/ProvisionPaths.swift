/// The fixed parameter paths a compiled provision declares values for, read back from its
/// script, so lint checks exactly what will run. `root + ".X"` yields both data-model roots;
/// alias filters, wildcards and computed paths are skipped.
enum ProvisionPaths {
    static func setPaths(in script: String) -> [String] {
        var paths: [String] = []
        for line in script.split(separator: "\n") {
            guard let declare = line.firstRange(of: "declare("),
                line.contains("{value: [") || line.contains("{value: true") || line.contains("{value: false")
            else { continue }
            let argument = line[declare.upperBound...]
            if argument.hasPrefix("root + \""), let end = argument.dropFirst(8).firstIndex(of: "\"") {
                let suffix = String(argument[argument.index(argument.startIndex, offsetBy: 8)..<end])
                paths.append("Device" + suffix)
                paths.append("InternetGatewayDevice" + suffix)
            } else if argument.hasPrefix("\""), let end = argument.dropFirst().firstIndex(of: "\"") {
                let path = String(argument[argument.index(after: argument.startIndex)..<end])
                if (path.hasPrefix("Device.") || path.hasPrefix("InternetGatewayDevice.")) && !path.contains("[")
                    && !path.contains("*")
                {
                    paths.append(path)
                }
            }
        }
        return paths
    }
}
