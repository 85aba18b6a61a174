public import EmporiumCore

/// A `cart.validate` plugin adapted to ``CartRule``. Every returned error must carry an upper-case
/// code, a message, and (if any) a field path that points into the request's lines; anything else
/// is refused as a malformed response rather than shown to a shopper.
public struct PluginCartRule: CartRule {
    /// The started plugin.
    public let plugin: any PluginCalling
    /// The deadline of each call.
    public let timeout: Duration

    /// Adapts `plugin`, calling it with `timeout` per call.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
    }

    public var id: String { plugin.id }

    public func validate(_ request: CartValidationRequest) async throws(ExtensionPointError) -> [UserError] {
        var body: [String: Any] = [
            "lines": request.lines.map { ["sku": $0.sku, "quantity": $0.quantity] as [String: Any] }
        ]
        if let channel = request.channel { body["channel"] = channel }
        let source = "cart rule \(plugin.id)"
        let response = try await HookResponse.call(plugin, "cart.validate", body, timeout: timeout, source: source)
        var errors: [UserError] = []
        for item in try response.list("errors") {
            let message = try item.string("message")
            var field: [String]?
            if item.has("field") {
                guard let path = item.object["field"] as? [String],
                    Self.pointsIntoLines(path, count: request.lines.count)
                else { throw item.malformed("field not a path into the request's lines, such as [\"lines\", \"0\"]") }
                field = path
            }
            errors.append(UserError(code: try item.code("code"), field: field, message: message))
        }
        return errors
    }

    /// `["lines"]`, `["lines", "<index>"]` or `["lines", "<index>", "<key>"]` with an index in range.
    static func pointsIntoLines(_ path: [String], count: Int) -> Bool {
        guard path.first == "lines", path.count <= 3 else { return false }
        guard path.count > 1 else { return true }
        guard let index = Int(path[1]), (0..<count).contains(index) else { return false }
        return path.count == 2 || ["sku", "quantity"].contains(path[2])
    }
}
