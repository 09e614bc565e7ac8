/// The endpoint template of a request, such as `GET /fine_tuning/jobs/{id}`: its method and path
/// with every id replaced by `{id}`. The set is closed (the client's own endpoints), so a label
/// made from it stays bounded; a path the table does not know is `METHOD (other)`.
enum EndpointTemplate {
    /// Path shapes with `*` where an id goes.
    private static let shapes: [[String]] = [
        ["fine_tuning", "jobs"], ["fine_tuning", "jobs", "*"],
        ["fine_tuning", "jobs", "*", "events"], ["fine_tuning", "jobs", "*", "checkpoints"],
        ["fine_tuning", "jobs", "*", "cancel"], ["fine_tuning", "jobs", "*", "pause"],
        ["fine_tuning", "jobs", "*", "resume"],
        ["files"], ["files", "*"], ["files", "*", "content"],
        ["uploads"], ["uploads", "*", "parts"], ["uploads", "*", "complete"], ["uploads", "*", "cancel"],
        ["models"], ["models", "*"],
        ["chat", "completions"],
    ]

    static func of(method: String, path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for shape in shapes where shape.count == segments.count {
            let matches = zip(shape, segments).allSatisfy { pattern, segment in pattern == "*" || pattern == segment }
            if matches {
                return "\(method) /" + shape.map { $0 == "*" ? "{id}" : $0 }.joined(separator: "/")
            }
        }
        return "\(method) (other)"
    }
}

extension APIRequest {
    /// `GET /fine_tuning/jobs/{id}`: for metrics, never a raw path with ids.
    var endpoint: String { EndpointTemplate.of(method: method.rawValue, path: path) }
}
