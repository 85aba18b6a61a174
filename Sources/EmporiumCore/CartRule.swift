/// A cart rule (`cart.validate`): looks at a cart's lines and returns the problems a shopper must
/// fix before checkout, such as a per-customer quantity limit. Problems are values (``UserError``);
/// a rule that cannot answer throws ``ExtensionPointError``. Rules run in the order the merchant
/// lists them, and a cart is valid when every rule returns no error.
public protocol CartRule: Sendable {
    /// The rule's id (the plugin's id).
    var id: String { get }
    /// The problems of `request`'s cart; empty when the cart passes.
    func validate(_ request: CartValidationRequest) async throws(ExtensionPointError) -> [UserError]
}

/// What a ``CartRule`` sees of a cart.
public struct CartValidationRequest: Sendable, Hashable {
    /// One line: a SKU and how many.
    public struct Line: Sendable, Hashable {
        /// The variant's SKU.
        public var sku: String
        /// Units, at least 1.
        public var quantity: Int

        /// Creates a line.
        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// The cart's channel, when it has one.
    public var channel: String?
    /// The lines, in cart order; `field` paths of returned errors index into them.
    public var lines: [Line]

    /// Creates a request.
    public init(channel: String? = nil, lines: [Line]) {
        self.channel = channel
        self.lines = lines
    }
}

/// Runs a chain of cart rules.
public enum CartRules {
    /// Every rule's errors, in rule order. The first rule that fails stops the chain with its error:
    /// a cart that could not be checked is not a valid cart.
    public static func validate(
        _ request: CartValidationRequest, with rules: [any CartRule]
    ) async throws(ExtensionPointError) -> [UserError] {
        var errors: [UserError] = []
        for rule in rules {
            errors += try await rule.validate(request)
        }
        return errors
    }
}
