import EmporiumPluginKit

/// Applies the configured promotions, in configuration order, to a cart. Pure: the same request
/// always gives the same outcome.
///
/// Rounding: percentages are taken per line and rounded down to the minor unit (the customer never
/// gets more than the stated percentage); amounts never take a line or the order below zero.
public struct PromotionsCalculator: Sendable {
    /// The promotions, in the order they apply.
    public let promotions: [Promotion]
    /// Each promotion prepared for comparing with a request's texts in place.
    private let matchers: [PromotionMatcher]

    /// A calculator for `promotions`.
    public init(promotions: [Promotion]) {
        self.promotions = promotions
        matchers = promotions.map(PromotionMatcher.init)
    }

    /// The discounts and coupon rejections for `request`.
    public func adjust(_ request: PromotionsRequest) -> PromotionsOutcome {
        var outcome = PromotionsOutcome(currency: request.string(request.currency))
        // One allocation for the usual outcome (a discount per line and a few on the order), not one
        // per doubling.
        outcome.discounts.reserveCapacity(request.lines.count + 4)
        var remaining = request.lines.map { max($0.remaining, 0) }
        var orderDiscounts = request.earlierOrderDiscounts
        // The positions of the entered codes that unlocked a promotion (allocated only when one does).
        var knownCodes: [Int] = []
        for (promotion, matcher) in zip(promotions, matchers) {
            var enteredCode: String?
            if promotion.couponCode != nil {
                guard let entered = request.couponCodes.firstIndex(where: { matcher.isCoupon($0, in: request) })
                else { continue }
                knownCodes.append(entered)
                enteredCode = request.string(request.couponCodes[entered])
            }
            let total = remaining.reduce(0, +) - orderDiscounts
            if let refusal = refusal(promotion, matcher, request, total: total, code: enteredCode) {
                if let enteredCode {
                    outcome.rejections.append(.init(code: enteredCode, reason: refusal.0, message: refusal.1))
                }
                continue
            }
            let first = outcome.discounts.count
            grant(promotion, matcher, request, remaining: &remaining, total: total, code: enteredCode, to: &outcome)
            if outcome.discounts.count == first, let enteredCode {
                outcome.rejections.append(
                    .init(
                        code: enteredCode, reason: "COUPON_NOT_APPLICABLE",
                        message: "Nothing in the cart qualifies for \(enteredCode)."))
            }
            for discount in outcome.discounts[first...] where discount.lineID == nil {
                orderDiscounts += discount.amount
            }
        }
        for code in request.couponCodes
        where !knownCodes.contains(where: { request.text(request.couponCodes[$0], equals: code) }) {
            let code = request.string(code)
            outcome.rejections.append(
                .init(code: code, reason: "INVALID_COUPON", message: "\(code) is not a valid code."))
        }
        return outcome
    }

    /// Why `promotion` does not apply now, as (reason, message); nil when it applies.
    private func refusal(
        _ promotion: Promotion, _ matcher: PromotionMatcher, _ request: PromotionsRequest, total: Int64, code: String?
    ) -> (String, String)? {
        let name = code ?? promotion.label
        if let startsAt = promotion.startsAt, request.now < startsAt {
            return ("COUPON_NOT_YET_VALID", "\(name) is valid from \(startsAt).")
        }
        if let endsAt = promotion.endsAt, request.now >= endsAt {
            return ("COUPON_EXPIRED", "\(name) expired at \(endsAt).")
        }
        if let code, let limit = promotion.usageLimit, request.redemptions(of: code) >= limit {
            return ("COUPON_USAGE_LIMIT", "\(name) has been used as often as it may be.")
        }
        if let currency = promotion.currency, !matcher.acceptsCurrency(of: request) {
            return ("COUPON_NOT_APPLICABLE", "\(name) applies to orders in \(currency) only.")
        }
        if let minimum = promotion.minimumSubtotal, total < minimum {
            return ("COUPON_MINIMUM_NOT_MET", "\(name) needs an order of at least \(minimum) (minor units).")
        }
        return nil
    }

    /// Appends the discounts `promotion` grants to `outcome`.
    private func grant(
        _ promotion: Promotion, _ matcher: PromotionMatcher, _ request: PromotionsRequest, remaining: inout [Int64],
        total: Int64, code: String?, to outcome: inout PromotionsOutcome
    ) {
        func discount(_ lineID: String?, _ amount: Int64) -> PromotionsOutcome.Discount {
            .init(lineID: lineID, amount: amount, label: promotion.label, promotionID: promotion.id, couponCode: code)
        }
        let lines = request.lines
        func take(_ index: Int, _ wanted: Int64) {
            let amount = min(wanted, remaining[index])
            guard amount > 0 else { return }
            remaining[index] -= amount
            outcome.discounts.append(discount(request.string(lines[index].id), amount))
        }
        switch promotion.kind {
        case .percentage(let percent) where promotion.isTargeted:
            for (index, line) in lines.enumerated() where matcher.matches(line, in: request) {
                take(index, Self.percent(percent, of: remaining[index]))
            }
        case .percentage(let percent):
            let amount = Self.percent(percent, of: total)
            if amount > 0 { outcome.discounts.append(discount(nil, amount)) }
        case .fixed(let amount) where promotion.isTargeted:
            for (index, line) in lines.enumerated() where matcher.matches(line, in: request) {
                let (wanted, overflow) = amount.multipliedReportingOverflow(by: line.quantity)
                take(index, overflow ? .max : wanted)
            }
        case .fixed(let amount):
            let capped = min(amount, total)
            if capped > 0 { outcome.discounts.append(discount(nil, capped)) }
        case .buyXGetY(let buy, let get, let percent):
            let matching = lines.indices.filter { matcher.matches(lines[$0], in: request) }
            let units = matching.reduce(Int64(0)) { $0 + lines[$1].quantity }
            var free = units / (buy + get) * get
            // The cheapest units are the ones given away.
            for index in matching.sorted(by: { lines[$0].unitPrice < lines[$1].unitPrice }) where free > 0 {
                let count = min(free, lines[index].quantity)
                free -= count
                let (gross, overflow) = lines[index].unitPrice.multipliedReportingOverflow(by: count)
                take(index, Self.percent(percent, of: overflow ? .max : gross))
            }
        }
    }

    /// `percent` % of `amount`, rounded down, without overflow.
    static func percent(_ percent: Int64, of amount: Int64) -> Int64 {
        guard amount > 0 else { return 0 }
        let product = amount.multipliedFullWidth(by: percent)
        return Int64(100).dividingFullWidth(product).quotient
    }
}
