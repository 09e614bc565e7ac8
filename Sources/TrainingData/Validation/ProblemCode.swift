/// Every problem the validators report. Raw values are stable API (scripts and the daemon match
/// on them); the cookbook's names are kept where the cookbook has the check.
public enum ProblemCode: String, Codable, Sendable, CaseIterable {
    // Reading a line
    case invalidJSON = "invalid_json"
    case invalidUTF8 = "invalid_utf8"
    case lineTooLong = "line_too_long"
    case blankLine = "blank_line"
    case loneSurrogate = "lone_surrogate"
    // Line shape (cookbook names)
    case dataType = "data_type"
    case missingMessagesList = "missing_messages_list"
    case messageDataType = "message_data_type"
    case messageMissingKey = "message_missing_key"
    case messageUnrecognizedKey = "message_unrecognized_key"
    case unrecognizedRole = "unrecognized_role"
    case missingContent = "missing_content"
    case exampleMissingAssistantMessage = "example_missing_assistant_message"
    // Message fields
    case invalidContentPart = "invalid_content_part"
    case invalidWeight = "invalid_weight"
    case invalidName = "invalid_name"
    case invalidToolCalls = "invalid_tool_calls"
    case missingToolCallID = "missing_tool_call_id"
    case invalidTools = "invalid_tools"
    case invalidParallelToolCalls = "invalid_parallel_tool_calls"
    case invalidSpecialToken = "invalid_special_token"
    case noTrainableMessages = "no_trainable_messages"
    case unrecognizedKey = "unrecognized_key"
    // Other formats
    case legacyPromptCompletion = "legacy_prompt_completion"
    case missingInput = "missing_input"
    case missingPreferredOutput = "missing_preferred_output"
    case missingNonPreferredOutput = "missing_non_preferred_output"
    case invalidPreferredOutput = "invalid_preferred_output"
    case identicalPreferenceOutputs = "identical_preference_outputs"
    case rftEndsWithAssistant = "rft_ends_with_assistant"
    // Dataset
    case tooFewExamples = "too_few_examples"
    case fewExamples = "few_examples"
    case duplicateExample = "duplicate_example"
    case validationOverlap = "validation_overlap"
    case exampleTooLong = "example_too_long"
    case unknownModel = "unknown_model"

    public var severity: Severity {
        switch self {
        case .blankLine, .loneSurrogate, .unrecognizedKey, .noTrainableMessages, .identicalPreferenceOutputs,
            .rftEndsWithAssistant, .fewExamples, .duplicateExample, .validationOverlap, .exampleTooLong, .unknownModel:
            .warning
        default:
            .error
        }
    }
}
