import EmporiumPluginHost
import Testing

@Suite("Configuration schemas: the host checks settings before a plugin's init")
struct ConfigurationSchemaTests {
    static let schema = """
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
         "required":["currency"],
         "properties":{
           "currency":{"type":"string","pattern":"^[A-Z]{3}$"},
           "rate":{"type":"integer","minimum":0,"maximum":100000},
           "ratio":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},
           "mode":{"enum":["fast","slow"]},
           "codes":{"type":"array","minItems":1,"maxItems":3,"uniqueItems":true,"items":{"$ref":"#/definitions/code"}},
           "limits":{"type":"object","additionalProperties":{"type":"integer","minimum":1}},
           "window":{"oneOf":[{"type":"integer","multipleOf":60},{"type":"string","minLength":2,"maxLength":4}]},
           "flag":{"type":"boolean"},
           "label":{"anyOf":[{"type":"null"},{"type":"string"}]},
           "never":{"not":{"type":"string"}}
         },
         "definitions":{"code":{"type":"string","minLength":1}}}
        """

    func violations(_ config: String) throws -> [String] {
        try ConfigurationSchema(Self.schema).violations(of: config)
    }

    @Test("conforming settings pass")
    func conforming() throws {
        #expect(try violations(#"{"currency":"EUR"}"#).isEmpty)
        #expect(
            try violations(
                #"{"currency":"EUR","rate":5,"ratio":0.5,"mode":"fast","codes":["A","B"],"limits":{"x":2},"window":120,"flag":true,"label":null,"never":3}"#
            ).isEmpty)
        #expect(try violations(#"{"currency":"EUR","window":"abc","label":"x"}"#).isEmpty)
    }

    @Test("each violation is named by its path and what is wrong")
    func violationsAreNamed() throws {
        #expect(try violations("{}") == ["config.currency: is required"])
        #expect(try violations(#"{"currency":"eur"}"#) == ["config.currency: must match the pattern ^[A-Z]{3}$"])
        #expect(try violations(#"{"currency":"EUR","rate":"5"}"#) == ["config.rate: expected integer, got string"])
        #expect(try violations(#"{"currency":"EUR","rate":1.5}"#) == ["config.rate: expected integer, got number"])
        #expect(try violations(#"{"currency":"EUR","rate":-1}"#) == ["config.rate: must be at least 0"])
        #expect(try violations(#"{"currency":"EUR","rate":true}"#) == ["config.rate: expected integer, got boolean"])
        #expect(try violations(#"{"currency":"EUR","ratio":1}"#) == ["config.ratio: must be less than 1"])
        #expect(
            try violations(#"{"currency":"EUR","mode":"medium"}"#) == [#"config.mode: must be one of "fast", "slow""#])
        #expect(try violations(#"{"currency":"EUR","codes":[]}"#) == ["config.codes: must have at least 1 items"])
        #expect(
            try violations(#"{"currency":"EUR","codes":["A","A"]}"#) == ["config.codes[1]: repeats an earlier item"])
        #expect(
            try violations(#"{"currency":"EUR","codes":[""]}"#) == ["config.codes[0]: must have at least 1 characters"])
        #expect(try violations(#"{"currency":"EUR","limits":{"x":0}}"#) == ["config.limits.x: must be at least 1"])
        #expect(
            try violations(#"{"currency":"EUR","window":90}"#) == [
                "config.window: must match exactly one allowed form, matches 0"
            ])
        #expect(try violations(#"{"currency":"EUR","label":3}"#) == ["config.label: matches none of the allowed forms"])
        #expect(try violations(#"{"currency":"EUR","never":"x"}"#) == ["config.never: has a form that is not allowed"])
        let unknown = try violations(#"{"currency":"EUR","colour":"red"}"#)
        #expect(unknown.count == 1)
        #expect(unknown.first?.hasPrefix("config.colour: is not a known setting (known: codes, currency,") == true)
        #expect(try violations("[1]") == ["config: expected object, got array"])
        #expect(try violations("{") == ["config: is not valid JSON"])
    }

    @Test("a schema the checker cannot apply fully is refused when the plugin loads")
    func unusableSchemas() {
        #expect(throws: ConfigurationSchemaError.self) { try ConfigurationSchema("not json") }
        #expect(throws: ConfigurationSchemaError.self) { try ConfigurationSchema("[]") }
        do {
            _ = try ConfigurationSchema(
                #"{"type":"object","properties":{"a":{"type":"object","patternProperties":{"^x":{}}}}}"#)
            Issue.record("accepted an unsupported keyword")
        } catch {
            #expect(error.description.contains("#/properties/a uses \"patternProperties\""))
        }
    }
}
