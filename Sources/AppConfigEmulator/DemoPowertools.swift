import FlagModel
import Foundation

/// The demo's Lambda team: two functions that keep their flags with Powertools' feature-flags
/// utility in `AWS.Freeform` profiles, so the demo shows both dialects side by side.
/// `order-events` keeps its features at the document's root; `shipping-quotes` under the
/// envelope `features` (the demo's configuration says so).
struct DemoPowertools {
    let now: Date
    static let account = "platform"
    static let region = "us-east-1"
    static let environments = ["dev", "staging", "prod"]
    static let profileName = "powertools-flags"
    /// Days ago each version was created; the newest is deployed to dev and staging only
    /// (pending in prod).
    static let versionDays = [150, 95, 45, 12, 3]

    func build(_ engine: EmulatorEngine, accountId: String) throws {
        try buildApp(engine, accountId: accountId, name: "order-events",
                     description: "Order event processing (Lambda, Powertools feature flags)") { Self.orderFeatures(day: $0) }
        try buildApp(engine, accountId: accountId, name: "shipping-quotes",
                     description: "Shipping quotes (Lambda, Powertools feature flags under \"features\")") { day in
            ["owner": "shipping-team", "schemaVersion": 3, "features": Self.shippingFeatures(day: day)]
        }
    }

    private func buildApp(_ engine: EmulatorEngine, accountId: String, name: String, description: String,
                          document: (Int) -> JSONValue) throws {
        let start = Scope(accountId: accountId, region: Self.region, now: now.addingTimeInterval(-160 * DemoFleet.day))
        let app = try engine.createApplication(start, name: name, description: description)
        let envs = try Self.environments.map {
            try engine.createEnvironment(start, applicationId: app.id, name: $0, description: "\($0) stage of \(name)", monitors: [])
        }
        let profile = try engine.createProfile(start, applicationId: app.id, name: Self.profileName,
                                               description: "Powertools feature flags of \(name)", locationUri: "hosted",
                                               retrievalRoleArn: nil, validators: [], type: ProfileType.freeform, kmsKeyIdentifier: nil)
        for (n, day) in Self.versionDays.enumerated() {
            let t = now.addingTimeInterval(-Double(day) * DemoFleet.day - 3 * 3600)
            let version = try engine.createHostedVersion(
                Scope(accountId: accountId, region: Self.region, now: t), applicationId: app.id, profileId: profile.id,
                content: Data(document(day).serialized(pretty: true).utf8), contentType: "application/json",
                description: n == 0 ? "Initial feature flags" : "Feature flag changes", latestVersionNumber: nil, versionLabel: nil)
            for (i, env) in envs.enumerated() {
                let isNewest = n == Self.versionDays.count - 1
                if isNewest && env.name == "prod" { continue }
                let prod = Seeds.isProduction(env.name)
                let at = t.addingTimeInterval(900 + Double(i) * 7200)
                _ = try engine.startDeployment(Scope(accountId: accountId, region: Self.region, now: at), applicationId: app.id,
                                               environmentId: env.id,
                                               strategyId: prod ? "AppConfig.Linear20PercentEvery6Minutes" : "AppConfig.AllAtOnce",
                                               profileId: profile.id, configurationVersion: String(version.versionNumber),
                                               description: "Powertools flags v\(version.versionNumber)", kmsKeyIdentifier: nil)
            }
        }
    }

    // MARK: Catalog

    private static func rule(_ whenMatch: JSONValue, _ conditions: JSONValue...) -> JSONValue {
        ["when_match": whenMatch, "conditions": .array(conditions)]
    }

    private static func condition(_ action: String, _ key: String, _ value: JSONValue) -> JSONValue {
        ["action": .string(action), "key": .string(key), "value": value]
    }

    /// `order-events`: the features as they stood `day` days ago.
    static func orderFeatures(day: Int) -> JSONValue {
        var f = JSONObject()
        f["new_order_pipeline"] = ["default": .bool(day <= 140)]
        f["legacy_invoice_pdf"] = ["default": false]
        f["premium_checkout"] = ["default": false, "rules": [
            "premium tier": rule(true, condition("EQUALS", "tier", "premium")),
        ]]
        f["eu_vat_rounding"] = ["default": false, "rules": [
            "EU regions": rule(true, condition("IN", "region", ["eu-west-1", "eu-central-1"])),
        ]]
        f["order_batch_size"] = ["default": ["size": .number(JSONNumber(day <= 45 ? 50 : 25))], "boolean_type": false, "rules": [
            "large tenants": rule(["size": 200], condition("IN", "tenant", ["acme", "globex"])),
        ]]
        f["canary_tenants"] = ["default": false, "rules": [
            "ten percent of users": rule(true, condition("MODULO_RANGE", "userId", ["BASE": 100, "START": 0, "END": 9])),
        ]]
        f["night_batch_window"] = ["default": false, "rules": [
            "London night": rule(true, condition("SCHEDULE_BETWEEN_TIME_RANGE", "CURRENT_TIME",
                                                 ["START": "22:00", "END": "04:00", "TIMEZONE": "Europe/London"])),
        ]]
        f["weekend_promo"] = ["default": false, "rules": [
            "weekends": rule(true, condition("SCHEDULE_BETWEEN_DAYS_OF_WEEK", "CURRENT_DAY_OF_WEEK",
                                             ["DAYS": ["SATURDAY", "SUNDAY"], "TIMEZONE": "UTC"])),
        ]]
        f["fraud_precheck"] = ["default": true, "rules": [
            "internal testers skip it": rule(false, condition("ENDSWITH", "email", "@example.com")),
        ]]
        f["kill_order_webhooks"] = ["default": false]
        f["ops_order_retry_limit"] = ["default": .number(JSONNumber(day <= 95 ? 5 : 3)), "boolean_type": false]
        if day <= 95 {
            f["black_friday_banner"] = ["default": false, "rules": [
                "black friday weekend": rule(true, condition("SCHEDULE_BETWEEN_DATETIME_RANGE", "CURRENT_DATETIME",
                                                             ["START": "2026-11-27T00:00:00", "END": "2026-11-30T23:59:59",
                                                              "TIMEZONE": "America/New_York"])),
            ]]
        }
        if day <= 45 { f["order_dedupe_v2"] = ["default": .bool(day <= 12)] }
        if day <= 3 { f["gift_messages"] = ["default": false] }
        return .object(f)
    }

    /// `shipping-quotes`: the features (inside the envelope) as they stood `day` days ago.
    static func shippingFeatures(day: Int) -> JSONValue {
        var f = JSONObject()
        f["label_printer_v2"] = ["default": true]
        f["carrier_rates_cache"] = ["default": ["ttlSeconds": .number(JSONNumber(day <= 45 ? 600 : 300))], "boolean_type": false]
        f["express_shipping"] = ["default": false, "rules": [
            "launch countries": rule(true, condition("IN", "country", ["DE", "FR", "NL"])),
            "staff": rule(true, condition("ENDSWITH", "email", "@example.com"), condition("EQUALS", "staff", true)),
        ]]
        f["returns_portal"] = ["default": .bool(day <= 95)]
        f["kill_label_printing"] = ["default": false]
        f["ops_rate_limit_per_second"] = ["default": 50, "boolean_type": false]
        f["beta_tracking_page"] = ["default": false, "rules": [
            "beta cohort": rule(true, condition("MODULO_RANGE", "userId", ["BASE": 10, "START": 0, "END": 1])),
        ]]
        f["weekday_pickup"] = ["default": false, "rules": [
            "weekdays": rule(true, condition("SCHEDULE_BETWEEN_DAYS_OF_WEEK", "CURRENT_DAY_OF_WEEK",
                                             ["DAYS": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]])),
        ]]
        f["free_shipping_threshold"] = ["default": ["amount": 50, "currency": "EUR"], "boolean_type": false, "rules": [
            "loyalty members": rule(["amount": 0, "currency": "EUR"], condition("EQUALS", "loyalty", "gold")),
        ]]
        if day <= 12 { f["new_packaging_flow"] = ["default": false] }
        return .object(f)
    }
}
