// The API's open-ended fields (graders, event data, integrations) are the project's one JSON
// value type (module JSON), exact for 64-bit integers, shared with the daemon and Varlink.
@_exported import JSON
