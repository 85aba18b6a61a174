import EmporiumPluginKit

/// Applies the configured promotions, in configuration order, to a cart. Pure: the same request
/// always gives the same outcome.
///
/// Rounding: percentages are taken per line and rounded down to the minor unit (the customer never
/// gets more than the stated percentage); amounts never take a line or the order below zero.
public struct PromotionsCalculator: Sendable {
    /// The promotions, in the order they apply.
    public let promotions: [Promotion]

    /// A calculator for `promotions`.
    public init(promotions: [Promotion]) {
        self.promotions = promotions
    }

    /// The discounts and coupon rejections for `request`.
    public func adjust(_ request: PromotionsRequest) -> PromotionsOutcome {
        var outcome = PromotionsOutcome(currency: request.currency)
        var remaining = request.lines.map { max($0.remaining, 0) }
        var orderDiscounts = request.earlierOrderDiscounts
        var knownCodes = Set<String>()
        for promotion in promotions {
            var enteredCode: String?
            if let coupon = promotion.couponCode {
                guard let entered = request.couponCodes.first(where: { $0.uppercased() == coupon }) else { continue }
                knownCodes.insert(entered)
                enteredCode = entered
            }
            let total = remaining.reduce(0, +) - orderDiscounts
            if let refusal = refusal(promotion, request, total: total, code: enteredCode) {
                if let enteredCode {
                    outcome.rejections.append(.init(code: enteredCode, reason: refusal.0, message: refusal.1))
                }
                continue
            }
            let granted = discounts(promotion, request, remaining: &remaining, total: total, code: enteredCode)
            if granted.isEmpty, let enteredCode {
                outcome.rejections.append(
                    .init(
                        code: enteredCode, reason: "COUPON_NOT_APPLICABLE",
                        message: "Nothing in the cart qualifies for \(enteredCode)."))
            }
            for discount in granted where discount.lineID == nil { orderDiscounts += discount.amount }
            outcome.discounts += granted
        }
        for code in request.couponCodes where !knownCodes.contains(code) {
            outcome.rejections.append(
                .init(code: code, reason: "INVALID_COUPON", message: "\(code) is not a valid code."))
        }
        return outcome
    }

    /// Why `promotion` does not apply now, as (reason, message); nil when it applies.
    private func refusal(
        _ promotion: Promotion, _ request: PromotionsRequest, total: Int64, code: String?
    ) -> (String, String)? {
        let name = code ?? promotion.label
        if let startsAt = promotion.startsAt, request.now < startsAt {
            return ("COUPON_NOT_YET_VALID", "\(name) is valid from \(startsAt).")
        }
        if let endsAt = promotion.endsAt, request.now >= endsAt {
            return ("COUPON_EXPIRED", "\(name) expired at \(endsAt).")
        }
        if let code, let limit = promotion.usageLimit, request.couponRedemptions[code] ?? 0 >= limit {
            return ("COUPON_USAGE_LIMIT", "\(name) has been used as often as it may be.")
        }
        if let currency = promotion.currency, currency != request.currency {
            return ("COUPON_NOT_APPLICABLE", "\(name) applies to orders in \(currency) only.")
        }
        if let minimum = promotion.minimumSubtotal, total < minimum {
            return ("COUPON_MINIMUM_NOT_MET", "\(name) needs an order of at least \(minimum) (minor units).")
        }
        return nil
    }

    private func discounts(
        _ promotion: Promotion, _ request: PromotionsRequest, remaining: inout [Int64], total: Int64, code: String?
    ) -> [PromotionsOutcome.Discount] {
        func discount(_ lineID: String?, _ amount: Int64) -> PromotionsOutcome.Discount {
            .init(lineID: lineID, amount: amount, label: promotion.label, promotionID: promotion.id, couponCode: code)
        }
        var granted: [PromotionsOutcome.Discount] = []
        func take(_ index: Int, _ wanted: Int64) {
            let amount = min(wanted, remaining[index])
            guard amount > 0 else { return }
            remaining[index] -= amount
            granted.append(discount(request.lines[index].id, amount))
        }
        switch promotion.kind {
        case .percentage(let percent) where promotion.isTargeted:
            for (index, line) in request.lines.enumerated() where promotion.matches(line) {
                take(index, Self.percent(percent, of: remaining[index]))
            }
        case .percentage(let percent):
            let amount = Self.percent(percent, of: total)
            if amount > 0 { granted.append(discount(nil, amount)) }
        case .fixed(let amount) where promotion.isTargeted:
            for (index, line) in request.lines.enumerated() where promotion.matches(line) {
                let (wanted, overflow) = amount.multipliedReportingOverflow(by: line.quantity)
                take(index, overflow ? .max : wanted)
            }
        case .fixed(let amount):
            let capped = min(amount, total)
            if capped > 0 { granted.append(discount(nil, capped)) }
        case .buyXGetY(let buy, let get, let percent):
            let matching = request.lines.indices.filter { promotion.matches(request.lines[$0]) }
            let units = matching.reduce(Int64(0)) { $0 + request.lines[$1].quantity }
            var free = units / (buy + get) * get
            // The cheapest units are the ones given away.
            for index in matching.sorted(by: { request.lines[$0].unitPrice < request.lines[$1].unitPrice })
            where free > 0 {
                let count = min(free, request.lines[index].quantity)
                free -= count
                let (gross, overflow) = request.lines[index].unitPrice.multipliedReportingOverflow(by: count)
                take(index, Self.percent(percent, of: overflow ? .max : gross))
            }
        }
        return granted
    }

    /// `percent` % of `amount`, rounded down, without overflow.
    static func percent(_ percent: Int64, of amount: Int64) -> Int64 {
        guard amount > 0 else { return 0 }
        let product = amount.multipliedFullWidth(by: percent)
        return Int64(100).dividingFullWidth(product).quotient
    }
}
