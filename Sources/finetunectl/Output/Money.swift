import Foundation

/// Amounts in US dollars as people read them: cents, and more digits below a cent, so a small
/// cost never reads as free ("$0.0012", "<$0.0001"); exactly zero is "$0.00".
enum Money {
    static func usd(_ amount: Double) -> String {
        if amount == 0 { return "$0.00" }
        if amount >= 0.01 || amount <= -0.01 { return String(format: "$%.2f", amount) }
        if abs(amount) < 0.0001 { return amount > 0 ? "<$0.0001" : "-<$0.0001" }
        return String(format: "$%.4f", amount)
    }
}
