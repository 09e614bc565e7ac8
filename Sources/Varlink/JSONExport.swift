// The one JSON value type and its codec (module JSON) are part of Varlink's API: messages carry
// ``JSONValue``s, so every user of Varlink sees them without a second import.
@_exported import JSON
