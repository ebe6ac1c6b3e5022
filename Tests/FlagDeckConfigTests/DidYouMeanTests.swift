import Testing
@testable import FlagDeckConfig

@Suite struct DidYouMeanTests {
    static let accountKeys = ConfigParser.accountKeys

    @Test(arguments: [
        ("regoins", "regions"), ("nmae", "name"), ("role_arn", "roleArn"), ("ROLEARN", "roleArn"),
        ("external-id", "externalId"), ("endpont", "endpoint"), ("profiles", "profile"), ("region", "regions"),
    ])
    func nearMisses(typo: String, key: String) {
        #expect(DidYouMean.suggestion(for: typo, among: Self.accountKeys) == key)
    }

    @Test(arguments: ["colour", "x", "accountId", ""])
    func farOffWordsGetNoSuggestion(word: String) {
        #expect(DidYouMean.suggestion(for: word, among: Self.accountKeys) == nil)
    }

    @Test func swappedNeighboursAreOneEdit() {
        #expect(DidYouMean.distance(Array("thme"), Array("them")) == 1)
        #expect(DidYouMean.distance(Array("kitten"), Array("sitting")) == 3)
    }
}
