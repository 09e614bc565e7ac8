import ControlProtocol
import Foundation
import TrainingData

/// The scores of `finetunectl compare`: per example, each model's answer against the reference;
/// per model, the exact-match rate, the mean token F1 (o200k_base tokens, see
/// ``AnswerSimilarity``), the mean answer length in tokens, the tokens used and their cost.
struct ComparisonReport {
    /// One model's answer to one example, scored.
    struct Answer: Encodable {
        var model: String
        var answer: String
        var exact_match: Bool
        var token_f1: Double
        var answer_tokens: Int
        var prompt_tokens: Int?
        var completion_tokens: Int?
        var finish_reason: String?
    }

    /// One line of the report file.
    struct Line: Encodable {
        var index: Int
        var line: Int
        var reference: String
        var a: Answer
        var b: Answer
    }

    /// One model's totals.
    struct Summary: Encodable {
        var model: String
        var examples: Int
        var exact_match_rate: Double
        var mean_token_f1: Double
        var mean_answer_tokens: Double
        var prompt_tokens: Int
        var completion_tokens: Int
        /// USD at the shipped inference prices; nil when the model's base has none.
        var cost_usd: Double?
    }

    var lines: [Line] = []

    /// Scores the replies: `replies[2i]` is model A's answer to `examples[i]`, `replies[2i+1]` B's.
    init(examples: [ComparisonExample], models: (String, String), replies: [Wire.ChatReply], tokenizer: Tokenizer) {
        for (index, example) in examples.enumerated() where 2 * index + 1 < replies.count {
            let reference = tokenizer.encode(example.reference)
            func score(_ reply: Wire.ChatReply, _ model: String) -> Answer {
                let tokens = tokenizer.encode(reply.reply)
                return Answer(
                    model: model, answer: reply.reply,
                    exact_match: AnswerSimilarity.exactMatch(reply.reply, example.reference),
                    token_f1: AnswerSimilarity.tokenF1(answer: tokens, reference: reference),
                    answer_tokens: tokens.count,
                    prompt_tokens: reply.usage?.prompt_tokens, completion_tokens: reply.usage?.completion_tokens,
                    finish_reason: reply.finish_reason)
            }
            lines.append(
                Line(
                    index: index, line: example.line, reference: example.reference,
                    a: score(replies[2 * index], models.0), b: score(replies[2 * index + 1], models.1)))
        }
    }

    func summary(_ side: KeyPath<Line, Answer>, model: String, prices: InferencePrices = .shipped) -> Summary {
        let answers = lines.map { $0[keyPath: side] }
        let count = max(answers.count, 1)
        let prompt = answers.reduce(0) { $0 + ($1.prompt_tokens ?? 0) }
        let completion = answers.reduce(0) { $0 + ($1.completion_tokens ?? 0) }
        return Summary(
            model: model, examples: answers.count,
            exact_match_rate: Double(answers.filter(\.exact_match).count) / Double(count),
            mean_token_f1: answers.reduce(0) { $0 + $1.token_f1 } / Double(count),
            mean_answer_tokens: Double(answers.reduce(0) { $0 + $1.answer_tokens }) / Double(count),
            prompt_tokens: prompt, completion_tokens: completion,
            cost_usd: prices.cost(model: model, prompt: prompt, completion: completion))
    }

    /// The report file: one JSON object per example, in the file's order.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for line in lines {
            data.append(try encoder.encode(line))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The summary table for people.
    static func table(_ summaries: [Summary]) -> Table {
        var table = Table(["MODEL", "EXACT MATCH", "TOKEN F1", "MEAN ANSWER TOKENS", "TOKENS USED", "COST"])
        for summary in summaries {
            table.add([
                summary.model, String(format: "%.1f%%", summary.exact_match_rate * 100),
                String(format: "%.3f", summary.mean_token_f1),
                String(format: "%.1f", summary.mean_answer_tokens),
                "\(grouped(summary.prompt_tokens)) in, \(grouped(summary.completion_tokens)) out",
                summary.cost_usd.map { Money.usd($0) } ?? "unknown price",
            ])
        }
        return table
    }
}
