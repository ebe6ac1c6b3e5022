import Testing
@testable import FlagModel

/// `EvaluationContext.parse`: the KEY=VALUE context typed in the TUI or passed to the CLI.
@Suite struct PowertoolsEvaluationContextTests {
    func parse(_ text: String) -> [String: JSONValue]? { try? EvaluationContext.parse(text) }

    func error(_ text: String) -> String? {
        do { _ = try EvaluationContext.parse(text); return nil } catch { return error.description }
    }

    @Test func theDocumentedExample() {
        #expect(parse(#"tier=premium userId=42 beta=true 'name=Ann Lee' groups=["a","b"]"#) == [
            "tier": "premium", "userId": 42, "beta": true, "name": "Ann Lee", "groups": ["a", "b"],
        ])
    }

    @Test func valuesAreJSONWhenTheyParseElseText() {
        #expect(parse("a=1.5 b=-3 c=1e3 d=null e=false f={\"x\":1} g=[]") == [
            "a": .number(JSONNumber(text: "1.5")!), "b": -3, "c": .number(JSONNumber(text: "1e3")!), "d": .null, "e": false,
            "f": ["x": 1], "g": [],
        ])
        #expect(parse("a=007 b=1.2.3 c=True d=- e= f=x=y g=NaN") == [
            "a": "007", "b": "1.2.3", "c": "True", "d": "-", "e": "", "f": "x=y", "g": "NaN",
        ])
        #expect(parse("a=[abc] b={oops") == ["a": "[abc]", "b": "{oops"])
    }

    @Test func quoting() {
        // Double quotes around a value make a JSON string (so a number can be a string).
        #expect(parse(#"id="42" name="Ann \"the\" Lee""#) == ["id": "42", "name": "Ann \"the\" Lee"])
        // Single quotes only group; the inside is still read as JSON or text.
        #expect(parse("groups='[\"a\", \"b\"]' name='Ann Lee' n='42'") == ["groups": ["a", "b"], "name": "Ann Lee", "n": 42])
        // A whole pair in quotes, either kind.
        #expect(parse(#"'name=Ann Lee' "team=a b" "q=\"x\"""#) == ["name": "Ann Lee", "team": "a b", "q": "x"])
        // Unquoted brackets run to their match, spaces and all.
        #expect(parse(#"groups=["a", "b c"] obj={"k": [1, 2]} next=1"#) == ["groups": ["a", "b c"], "obj": ["k": [1, 2]], "next": 1])
        #expect(parse("  ") == [:])
        #expect(parse("") == [:])
    }

    @Test func errorsNameTheOffendingPair() {
        #expect(error("tier=premium beta") == "beta: expected KEY=VALUE")
        #expect(error("=x") == "=x: empty key")
        #expect(error("a=1 a=2") == #"a=2: key "a" is given twice"#)
        #expect(error("name='Ann") == "name='Ann: unterminated ' quote")
        #expect(error(#"'a=b'c d=1"#) == "'a=b'c: unexpected text after the closing quote or bracket")
        #expect(error(#"x=["a"]y"#) == #"x=["a"]y: unexpected text after the closing quote or bracket"#)
        #expect(error(#"'novalue'"#) == "'novalue': expected KEY=VALUE")
        #expect(error(#"k="\q""#) == #"k="\q": invalid escape in double-quoted value"#)
    }
}
