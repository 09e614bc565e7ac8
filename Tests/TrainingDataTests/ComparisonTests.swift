import Testing
@testable import TrainingData

/// What `finetunectl compare` sends and how it scores.
@Suite struct ComparisonTests {
    @Test func theConversationUpToTheLastAssistantMessageIsThePrompt() throws {
        let line =
            #"{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}, {"role": "assistant", "content": [{"type": "text", "text": "d"}]}]}"#
        let example = try #require(ComparisonExample.parse(line[...], line: 7))
        #expect(example.prompt.map(\.content) == ["a", "b", "c"])
        #expect(example.reference == "d" && example.line == 7)
        #expect(ComparisonExample.parse(#"{"messages": [{"role": "assistant", "content": "x"}]}"#[...], line: 1) == nil)
    }

    @Test func tokenF1CountsTokensAsMultisets() {
        #expect(AnswerSimilarity.tokenF1(answer: [1, 2, 3], reference: [1, 2, 3]) == 1)
        #expect(AnswerSimilarity.tokenF1(answer: [4], reference: [1, 2]) == 0)
        // 2 common of 4 answer tokens and 2 reference tokens: P 0.5, R 1 → F1 2/3.
        #expect(abs(AnswerSimilarity.tokenF1(answer: [1, 1, 2, 9], reference: [1, 2]) - 2.0 / 3.0) < 1e-9)
        #expect(AnswerSimilarity.tokenF1(answer: [], reference: []) == 1)
        #expect(AnswerSimilarity.exactMatch(" Paris\n", "Paris"))
    }

    @Test func aFineTuneIsPricedAsItsBase() {
        let prices = InferencePrices.shipped
        #expect(prices.price(for: "ft:gpt-4o-mini-2024-07-18:org::x") == prices.price(for: "gpt-4o-mini-2024-07-18"))
        #expect(prices.price(for: "gpt-4.1-2025-04-14.ft-abc") == prices.price(for: "gpt-4.1"))
        #expect(prices.cost(model: "gpt-4o-mini", prompt: 1_000_000, completion: 1_000_000) == 1.50)
        #expect(prices.price(for: "mystery") == nil)
    }
}
