#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How close an answer is to the reference, as `finetunectl compare` reports it.
///
/// - Exact match: equal after trimming surrounding whitespace.
/// - Token F1: the harmonic mean of precision and recall of the answer's tokens against the
///   reference's, counted as multisets (SQuAD's F1, with the model's BPE tokens, o200k_base, in
///   place of words). 1 when both are empty.
public enum AnswerSimilarity {
    public static func exactMatch(_ answer: String, _ reference: String) -> Bool {
        answer.trimmingWhitespace == reference.trimmingWhitespace
    }

    public static func tokenF1(answer: [Int], reference: [Int]) -> Double {
        if answer.isEmpty && reference.isEmpty { return 1 }
        guard !answer.isEmpty, !reference.isEmpty else { return 0 }
        var counts: [Int: Int] = [:]
        for token in reference { counts[token, default: 0] += 1 }
        var common = 0
        for token in answer where counts[token, default: 0] > 0 {
            counts[token]! -= 1
            common += 1
        }
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(answer.count)
        let recall = Double(common) / Double(reference.count)
        return 2 * precision * recall / (precision + recall)
    }
}
