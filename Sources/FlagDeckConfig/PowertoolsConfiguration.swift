import FlagModel

extension FlagDeckConfiguration {
    /// `powertools:` — which `AWS.Freeform` profiles are read for Powertools feature flags,
    /// and under which envelope each keeps its features (what the function passes to
    /// `AppConfigStore(envelope=...)`).
    public struct Powertools: Sendable, Hashable {
        /// Globs on `application/profile` (a pattern without `/` is on the profile name).
        /// Default: every Freeform profile is looked at; only Powertools documents count.
        public var profiles: [String]
        /// In file order; the first whose pattern matches `application/profile` wins.
        public var envelopes: [EnvelopeRule]

        public init(profiles: [String] = ["*"], envelopes: [EnvelopeRule] = []) {
            self.profiles = profiles
            self.envelopes = envelopes
        }

        public struct EnvelopeRule: Sendable, Hashable {
            public var pattern: String
            public var envelope: PowertoolsEnvelope

            public init(pattern: String, envelope: PowertoolsEnvelope) {
                self.pattern = pattern
                self.envelope = envelope
            }
        }

        /// Whether the Freeform profile `profile` of `application` is read at all.
        public func reads(application: String, profile: String) -> Bool {
            profiles.contains { Self.matches($0, application: application, profile: profile) }
        }

        /// The configured envelope of a profile; nil: the features are the whole document.
        public func envelope(application: String, profile: String) -> PowertoolsEnvelope? {
            envelopes.first { Self.matches($0.pattern, application: application, profile: profile) }?.envelope
        }

        static func matches(_ pattern: String, application: String, profile: String) -> Bool {
            pattern.contains("/") ? Glob.matches(pattern, "\(application)/\(profile)") : Glob.matches(pattern, profile)
        }
    }
}
