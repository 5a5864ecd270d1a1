/// The checks GenieACS's `sanitizeTask` makes (GenieACS 1.2.16 lib/api-functions.ts:252-354), made before sending.
///
/// A task that is valid JSON but fails them makes the NBI worker throw: the connection drops, the
/// worker restarts, and more than 5 crashes in each of three consecutive minutes stop the whole
/// NBI (GenieACS 1.2.16 lib/api-functions.ts:252-351). A campaign replaying one bad task could take GenieACS down, so
/// nothing invalid leaves.
public enum TaskValidation {
    /// The first problem with `request`, or nil when GenieACS will accept it.
    public static func problem(_ request: TaskRequest) -> String? {
        switch request.task {
        case .getParameterValues(let paths):
            if paths.isEmpty { return "getParameterValues needs at least one parameter name" }
            if paths.contains(where: \.isEmpty) { return "getParameterValues has an empty parameter name" }
        case .setParameterValues(let values):
            if values.isEmpty { return "setParameterValues needs at least one value" }
            if values.contains(where: { $0.path.isEmpty }) { return "setParameterValues has an empty parameter path" }
            for item in values {
                if case .number(let n) = item.value, Double(n) == nil {
                    return "setParameterValues: \(item.path) has a number that is not numeric (\(n))"
                }
            }
        case .refreshObject:
            break
        case .addObject(let path, let values):
            if path.isEmpty { return "addObject needs an object name" }
            if values.contains(where: { $0.0.isEmpty }) { return "addObject has an empty parameter key" }
        case .deleteObject(let path):
            if path.isEmpty { return "deleteObject needs an object name" }
        case .download(let fileType, let fileName, _):
            if fileType.isEmpty { return "download needs a fileType (e.g. \"1 Firmware Upgrade Image\")" }
            if fileName.isEmpty { return "download needs a fileName" }
        case .downloadFile(let id):
            if id.isEmpty { return "download needs a file id" }
        case .reboot, .factoryReset:
            break
        case .provisions(let provisions):
            if provisions.isEmpty { return "provisions needs at least one provision" }
            if provisions.contains(where: { $0.name.isEmpty }) { return "provisions has an empty provision name" }
            for provision in provisions {
                for case .number(let n) in provision.arguments where Double(n) == nil {
                    return "provisions: \(provision.name) has a number argument that is not numeric (\(n))"
                }
            }
        }
        if let key = request.uniqueKey, key.isEmpty { return "uniqueKey is empty" }
        if case .after(let seconds) = request.expiry, seconds <= 0 {
            return "expiry must be a positive number of seconds"
        }
        if case .at(let date) = request.expiry, date.isEmpty { return "expiry date is empty" }
        return nil
    }
}
