/// What the simulated Azure answers about the api-version it is asked for, and the dated API's
/// own error envelope (`../shared/reference/azure-openai-fine-tuning.md`, §1 and §1.4).
extension SimulatorCore {
    /// Refuses an api-version Azure does not serve: on the dated API anything that is not a
    /// date (`YYYY-MM-DD`, optionally `-preview`); on the v1 API anything but `v1` or `preview`
    /// (the query is optional there). Nil when the version is served or absent; the dated API's
    /// missing version is `azureResourceNotFound`'s concern.
    static func azureVersionRefusal(_ version: String?, api: AzureAPI) -> SimResponse? {
        guard let version else { return nil }
        let served =
            switch api {
            case .v1: version == "v1" || version == "preview"
            case .dated: isDatedVersion(version)
            }
        guard !served else { return nil }
        return .json(
            .object([
                (
                    "error",
                    .object([
                        ("code", .string("BadRequest")), ("message", .string("API version not supported")),
                    ])
                )
            ]), status: 400)
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD-preview`, digits where the date has them.
    static func isDatedVersion(_ version: String) -> Bool {
        let date = version.hasSuffix("-preview") ? String(version.dropLast(8)) : version
        let shape = Array("dddd-dd-dd")
        let characters = Array(date)
        guard characters.count == shape.count else { return false }
        return zip(characters, shape).allSatisfy { character, expected in
            expected == "d" ? character.isASCII && character.isNumber : character == expected
        }
    }

    /// The dated API's envelope, `{"error": {code, message, target, details, innererror}}`, for
    /// an error written in OpenAI's (`{"error": {message, type, param, code}}`). A specific code
    /// is kept; without one the legacy code follows the status (404 `notFound`, so that a job
    /// that does not exist reads differently from the gateway's "Resource not found"). Answers
    /// in any other shape (the gateway's, `quotaExceeded`) and successes pass unchanged.
    static func datedErrorEnvelope(_ response: SimResponse) -> SimResponse {
        guard response.status >= 400, let error = JSON.parse(response.body)?["error"],
            error["type"] != nil, let message = error["message"]?.string
        else { return response }
        let code = error["code"]?.string ?? legacyCode(status: response.status)
        var rewritten = SimResponse.json(
            .object([
                (
                    "error",
                    .object([
                        ("code", .string(code)), ("message", .string(message)),
                        ("target", error["param"] ?? .null), ("details", .array([])),
                    ])
                )
            ]), status: response.status)
        rewritten.headers = response.headers
        return rewritten
    }

    /// The legacy `ErrorCode` that names an HTTP status.
    static func legacyCode(status: Int) -> String {
        switch status {
        case 400: "invalidPayload"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "notFound"
        case 409: "conflict"
        case 429: "tooManyRequests"
        case 503: "serviceUnavailable"
        default: "internalFailure"
        }
    }
}
