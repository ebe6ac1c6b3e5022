import FlagModel
import Foundation

/// The flags of the demo fleet and how they change over time.
enum DemoCatalog {
    static let passkeyDay = 6

    static let appDescriptions: [String: String] = [
        "checkout": "Web and mobile checkout", "payments-api": "Payment authorisation and capture",
        "fraud-detection": "Real-time fraud scoring", "search": "Product search", "recommendations": "Personalised recommendations",
        "identity": "Sign-in, sessions and accounts", "notifications": "Email, SMS and push", "admin-console": "Internal back office",
    ]

    enum Kind {
        case release          // short-term, fully rolled out long ago, deprecation date ahead
        case overdue          // short-term, rolled out, deprecation date passed
        case rolling          // short-term, switched on recently
        case dead             // never switched on
        case retired          // on once, off everywhere for months
        case kill             // kill switch, off
        case ops              // operational flag with a numeric attribute, on
        case attribute        // long-lived flag with typed attributes
        case variants         // multi-variant
        case drift            // on in us-east-1 prod only
        case attributeDrift   // attribute value differs per region
        case fresh            // created days ago, off
        case special          // scenario flags (in progress, pending, rolled back)
        case offer            // payment option with a discount attribute, on (examples/checkout-app reads it)
    }

    struct Flag {
        var key: String
        var kind: Kind
        var seed: Int

        var name: String {
            key.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        }

        /// Deterministic number in lo...hi from the key.
        func pick(_ lo: Int, _ hi: Int, salt: Int = 0) -> Int {
            var h: UInt64 = 1469598103934665603
            for b in key.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
            h = (h ^ UInt64(salt &+ 7)) &* 1099511628211
            return lo + Int(h % UInt64(hi - lo + 1))
        }

        var created: Int {
            switch kind {
            case .release, .overdue, .retired: pick(150, 178)
            case .dead, .kill: pick(120, 178)
            case .ops, .attribute, .attributeDrift, .offer: pick(165, 180)
            case .variants: pick(60, 90)
            case .rolling: pick(25, 40)
            case .drift: pick(70, 100)
            case .fresh: pick(1, 5)
            case .special: 30
            }
        }

        /// Day (days ago) the flag switched on in this instance, or nil.
        func onDay(_ i: DemoFleet.Instance) -> Int? {
            switch kind {
            case .release, .overdue: return created - pick(3, 12, salt: 1)
            case .retired: return created - 5
            case .rolling: return pick(8, 18, salt: 2)
            case .ops, .attribute, .attributeDrift, .offer: return created
            case .variants: return created
            case .drift:
                if i.isProdAccount && i.region != "us-east-1" { return nil }
                return pick(30, 60, salt: 3)
            case .dead, .kill, .fresh: return nil
            case .special:
                switch key {
                case "checkout_one_click_upsell":
                    if i.account == "payments-staging" { return 6 }
                    return i.region == "us-east-1" ? 0 : nil
                case "search_semantic_rerank": return i.region == "us-east-1" ? 2 : nil
                case "identity_passkey_login": return DemoCatalog.passkeyDay
                default: return nil
                }
            }
        }

        func offDay(_ i: DemoFleet.Instance) -> Int? {
            kind == .retired ? pick(90, 130, salt: 4) : nil
        }

        /// Day an attribute value changed (ops/attribute flags).
        var attributeChangeDay: Int? {
            switch kind {
            case .ops, .attribute: pick(20, 70, salt: 5)
            default: nil
            }
        }

        func changeDays(_ i: DemoFleet.Instance) -> [Int] {
            [created, onDay(i), offDay(i), attributeChangeDay].compactMap { $0 }.filter { $0 <= created }
        }

        var isShortTerm: Bool {
            switch kind {
            case .release, .overdue, .rolling, .special: true
            default: false
            }
        }

        /// Deprecation date offset from now, in days.
        var deprecationOffset: Int {
            switch kind {
            case .overdue: -pick(5, 40, salt: 6)
            case .release: pick(10, 60, salt: 6)
            default: pick(45, 90, salt: 6)
            }
        }

        func isOn(_ i: DemoFleet.Instance, day: Int) -> Bool {
            guard let on = onDay(i), day <= on else { return false }
            if let off = offDay(i), day <= off { return false }
            return true
        }
    }

    static func f(_ key: String, _ kind: Kind) -> Flag { Flag(key: key, kind: kind, seed: 0) }

    static let catalog: [String: [Flag]] = [
        "checkout": [
            f("new_checkout_flow", .release), f("checkout_express_pay", .drift), f("checkout_address_autocomplete", .release),
            f("checkout_guest_mode", .overdue), f("checkout_saved_cards", .release), f("checkout_legacy_cart", .retired),
            f("checkout_gift_wrap", .dead), f("checkout_one_click_upsell", .special), f("checkout_button_color", .variants),
            f("checkout_promo_banner", .attribute), f("kill_checkout_payments", .kill), f("kill_checkout_recommendations", .kill),
            f("ops_checkout_rate_limit", .ops), f("checkout_split_shipment", .rolling), f("checkout_tax_engine_v2", .overdue),
            f("checkout_order_notes", .dead), f("checkout_bnpl_klarna", .drift), f("checkout_3ds_challenge", .attributeDrift),
            f("checkout_wallet_paypal", .release), f("checkout_delivery_slots", .fresh), f("checkout_abandon_email", .retired),
            f("ops_checkout_maintenance_mode", .kill), f("checkout_bitcoin_payments", .offer),
        ],
        "payments-api": [
            f("payments_idempotency_v2", .release), f("payments_retry_policy", .attributeDrift), f("payments_sca_exemptions", .overdue),
            f("payments_adyen_routing", .drift), f("payments_refund_async", .release), f("payments_legacy_gateway", .retired),
            f("payments_crypto", .dead), f("kill_payments_capture", .kill), f("kill_payments_refunds", .kill),
            f("ops_payments_batch_size", .ops), f("ops_payments_circuit_breaker", .ops), f("payments_fx_provider", .attribute),
            f("payments_network_tokens", .rolling), f("payments_apple_pay_later", .dead), f("payments_ledger_shadow_write", .overdue),
            f("payments_webhook_v3", .release), f("payments_partial_capture", .variants), f("payments_installments", .fresh),
            f("payments_dispute_automation", .rolling), f("payments_old_reconciler", .retired),
        ],
        "fraud-detection": [
            f("fraud_model_v7", .release), f("fraud_device_fingerprint", .overdue), f("fraud_velocity_rules", .attribute),
            f("fraud_manual_review_queue", .drift), f("fraud_graph_features", .rolling), f("fraud_legacy_rules_engine", .retired),
            f("fraud_biometrics", .dead), f("kill_fraud_scoring", .kill), f("ops_fraud_score_threshold", .ops),
            f("fraud_shadow_mode", .variants), f("fraud_ip_reputation", .release), f("fraud_email_age_check", .overdue),
            f("fraud_chargeback_feedback", .attributeDrift), f("fraud_3p_enrichment", .dead), f("fraud_realtime_alerts", .fresh),
            f("ops_fraud_timeout_ms", .ops), f("fraud_rules_ui", .release), f("fraud_old_blocklist", .retired),
        ],
        "search": [
            f("search_semantic_rerank", .special), f("search_typo_tolerance", .release), f("search_synonyms_v2", .overdue),
            f("search_facets_redesign", .drift), f("search_vector_backend", .attribute), f("search_legacy_solr", .retired),
            f("search_voice_input", .dead), f("kill_search_personalisation", .kill), f("ops_search_timeout_ms", .ops),
            f("search_results_layout", .variants), f("search_spellcheck", .release), f("search_autocomplete_v3", .rolling),
            f("search_boost_rules", .attributeDrift), f("search_image_search", .dead), f("search_query_logging", .overdue),
            f("search_infinite_scroll", .release), f("ops_search_cache_ttl", .ops), f("search_zero_results_fallback", .fresh),
            f("search_old_ranking", .retired), f("search_geo_boost", .drift),
        ],
        "recommendations": [
            f("recs_bandit_ranking", .release), f("recs_homepage_carousel", .drift), f("recs_email_digest", .overdue),
            f("recs_model_version", .attribute), f("recs_legacy_cf", .retired), f("recs_social_proof", .dead),
            f("kill_recs_everywhere", .kill), f("ops_recs_batch_size", .ops), f("recs_widget_style", .variants),
            f("recs_cold_start_v2", .rolling), f("recs_diversity_boost", .attributeDrift), f("recs_trending_now", .release),
            f("recs_bundle_offers", .dead), f("recs_recently_viewed", .release), f("recs_cart_addons", .overdue),
            f("ops_recs_timeout_ms", .ops), f("recs_push_notifications", .fresh), f("recs_old_similar_items", .retired),
        ],
        "identity": [
            f("identity_passkey_login", .special), f("identity_mfa_enforcement", .release), f("identity_session_v2", .overdue),
            f("identity_social_login", .attribute), f("identity_legacy_sso", .retired), f("identity_magic_links", .dead),
            f("kill_identity_signups", .kill), f("ops_identity_token_ttl", .ops), f("identity_login_page", .variants),
            f("identity_risk_based_auth", .rolling), f("identity_password_policy", .attributeDrift), f("identity_account_linking", .release),
            f("identity_age_verification", .dead), f("identity_device_trust", .overdue), f("identity_scim_provisioning", .release),
            f("ops_identity_lockout_threshold", .ops), f("identity_self_service_recovery", .fresh), f("identity_old_captcha", .retired),
            f("identity_consent_v2", .rolling), f("kill_identity_password_reset", .kill),
        ],
        "notifications": [
            f("notify_push_v2", .release), f("notify_sms_provider", .attribute), f("notify_digest_mode", .overdue),
            f("notify_quiet_hours", .release), f("notify_legacy_mailer", .retired), f("notify_whatsapp", .dead),
            f("kill_notify_marketing", .kill), f("ops_notify_send_rate", .ops), f("notify_template_style", .variants),
            f("notify_in_app_inbox", .rolling), f("notify_retry_policy", .attributeDrift), f("notify_rich_email", .release),
            f("notify_slack_alerts", .dead), f("notify_unsubscribe_v2", .overdue), f("notify_locale_fallback", .fresh),
            f("notify_old_sms_queue", .retired),
        ],
        "admin-console": [
            f("admin_new_dashboard", .release), f("admin_bulk_refunds", .overdue), f("admin_audit_export", .attribute),
            f("admin_dark_mode", .release), f("admin_legacy_reports", .retired), f("admin_ai_assistant", .dead),
            f("kill_admin_writes", .kill), f("ops_admin_session_timeout", .ops), f("admin_table_density", .variants),
            f("admin_role_editor_v2", .rolling), f("admin_export_limits", .attributeDrift), f("admin_saved_views", .release),
            f("admin_impersonation", .dead), f("admin_csv_import", .overdue), f("admin_command_palette", .fresh),
            f("admin_old_search", .retired),
        ],
    ]

    static func flags(for app: String) -> [Flag] { catalog[app] ?? [] }

    static func definition(_ f: Flag, now: Date) -> JSONValue {
        var o = JSONObject()
        o["name"] = .string(f.name)
        o["description"] = .string(description(f))
        if f.isShortTerm {
            let date = now.addingTimeInterval(Double(f.deprecationOffset) * DemoFleet.day)
            o["_deprecation"] = ["status": "planned", "date": .string(UTCDate.format(date))]
        }
        switch f.kind {
        case .ops:
            o["attributes"] = ["limit": ["description": "Upper bound applied by the service", "constraints": ["type": "number", "minimum": 1, "maximum": 100000, "required": true]]]
        case .attribute:
            o["attributes"] = [
                "mode": ["description": "Which implementation serves requests", "constraints": ["type": "string", "enum": ["legacy", "standard", "enhanced"], "required": true]],
                "timeout_ms": ["constraints": ["type": "number", "minimum": 50, "maximum": 5000]],
                "regions": ["constraints": ["type": "array", "elements": ["type": "string", "pattern": "^[a-z]{2}-[a-z]+-[0-9]$"]]],
            ]
        case .attributeDrift:
            o["attributes"] = ["max_attempts": ["constraints": ["type": "number", "minimum": 1, "maximum": 10, "required": true]],
                               "strict": ["constraints": ["type": "boolean"]]]
        case .offer:
            o["attributes"] = [
                "discount_percent": ["description": "Discount for paying this way", "constraints": ["type": "number", "minimum": 0, "maximum": 50, "required": true]],
                "label": ["description": "How the checkout page names the option", "constraints": ["type": "string"]],
            ]
        case .variants:
            o["attributes"] = ["style": ["constraints": ["type": "string", "enum": ["classic", "compact", "bold"]]]]
        default:
            break
        }
        return .object(o)
    }

    static func description(_ f: Flag) -> String {
        switch f.kind {
        case .release, .overdue, .rolling, .special: "Release flag for \(f.name.lowercased()) (short-term)"
        case .kill: "Kill switch: turn ON to disable \(f.name.lowercased().replacingOccurrences(of: "kill ", with: "")) immediately"
        case .ops: "Operational limit, changed during incidents"
        case .attribute, .attributeDrift: "Long-lived configuration for \(f.name.lowercased())"
        case .variants: "Experiment with per-segment variants"
        case .dead: "Prepared but never launched"
        case .retired: "Old behaviour, switched off"
        case .drift: "Regional launch of \(f.name.lowercased())"
        case .fresh: "New flag, not launched yet"
        case .offer: "Offer \(f.name.lowercased().replacingOccurrences(of: "checkout ", with: "")) at checkout, with its discount"
        }
    }

    static func value(_ f: Flag, _ i: DemoFleet.Instance, day: Int) -> JSONValue {
        var o = JSONObject()
        let on = f.isOn(i, day: day)
        switch f.kind {
        case .variants:
            o["_variants"] = [
                ["name": "Beta", "enabled": true, "rule": "(ends_with $email \"@example.com\")", "attributeValues": ["style": "bold"]],
                ["name": "Split", "enabled": true, "rule": .string("(split by::$userId pct::\(f.pick(5, 30)))"), "attributeValues": ["style": "compact"]],
                ["name": "Default", "enabled": false, "attributeValues": ["style": "classic"]],
            ]
            return .object(o)
        case .ops:
            o["enabled"] = .bool(on)
            let changed = f.attributeChangeDay.map { day <= $0 } ?? false
            o["limit"] = .number(JSONNumber(changed ? f.pick(200, 900, salt: 8) * 10 : f.pick(10, 90, salt: 9) * 10))
        case .attribute:
            o["enabled"] = .bool(on)
            let changed = f.attributeChangeDay.map { day <= $0 } ?? false
            o["mode"] = .string(changed ? "enhanced" : "standard")
            o["timeout_ms"] = .number(JSONNumber(changed ? 800 : 1200))
            o["regions"] = ["us-east-1", "eu-west-1"]
        case .offer:
            o["enabled"] = .bool(on)
            o["discount_percent"] = 5
            o["label"] = "Bitcoin"
        case .attributeDrift:
            o["enabled"] = .bool(on)
            o["max_attempts"] = .number(JSONNumber(i.region == "us-east-1" ? 3 : 5))
            o["strict"] = .bool(i.region == "us-east-1")
        default:
            o["enabled"] = .bool(on)
        }
        return .object(o)
    }

    static func document(_ flags: [Flag], _ i: DemoFleet.Instance, day: Int, now: Date) -> JSONValue {
        var defs = JSONObject()
        var values = JSONObject()
        for f in flags where f.created >= day {
            defs[f.key] = definition(f, now: now)
            values[f.key] = value(f, i, day: day)
        }
        return ["version": "1", "flags": .object(defs), "values": .object(values)]
    }

    static func changeSummary(_ flags: [Flag], _ i: DemoFleet.Instance, day: Int) -> String {
        var parts: [String] = []
        for f in flags where f.created >= day {
            if f.created == day { parts.append("add \(f.key)") }
            if f.onDay(i) == day && f.created != day { parts.append("enable \(f.key)") }
            if f.offDay(i) == day { parts.append("disable \(f.key)") }
            if f.attributeChangeDay == day { parts.append("tune \(f.key)") }
        }
        let text = parts.isEmpty ? "Update flags" : parts.joined(separator: "; ")
        return text.count > 1000 ? String(text.prefix(997)) + "..." : text
    }
}
