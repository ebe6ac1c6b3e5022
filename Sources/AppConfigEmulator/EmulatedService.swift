import Foundation

/// The AWS services the emulator answers on its one port: how a request is told apart
/// (POST / is shared by STS's form bodies and Organizations' `X-Amz-Target`), how the
/// operation is named, and how each protocol words its errors.
enum EmulatedService: String, Sendable {
    case appConfig = "appconfig"
    /// AppConfigData: signs as `appconfig` too, told apart by its paths.
    case appConfigData = "appconfigdata"
    case sts
    case organizations
    case account
    case cloudTrail = "cloudtrail"
    /// IAM Identity Center's portal: unsigned, authorized by a bearer token.
    case ssoPortal = "sso"

    static func identify(_ r: ReceivedRequest) -> EmulatedService {
        let signedFor = SignatureVerifier.service(of: r)
        if signedFor == "cloudtrail" || CloudTrailService.isCloudTrail(r) { return .cloudTrail }
        if r.header("x-amz-target") != nil || signedFor == "organizations" { return .organizations }
        if SSOPortalService.isPortalPath(r.rawPath) { return .ssoPortal }
        if signedFor == "account" || AccountService.operation(of: r) != nil { return .account }
        if AppConfigDataService.isDataPlanePath(r.rawPath) && (signedFor == nil || signedFor == "appconfig") { return .appConfigData }
        if let signedFor { return signedFor == "sts" ? .sts : .appConfig }
        let root = r.rawPath == "/" || r.rawPath.isEmpty
        return r.method == "POST" && root && STSService.action(of: r) != nil ? .sts : .appConfig
    }

    /// The AWS operation name, nil when the request names none this emulator knows
    /// (AppConfig operations come from `AppConfigRoutes`).
    func operation(of r: ReceivedRequest) -> String? {
        switch self {
        case .appConfig: AppConfigRoutes.match(method: r.method, path: r.rawPath)?.operation
        case .appConfigData: AppConfigDataService.operation(of: r)
        case .sts: STSService.action(of: r)
        case .organizations: OrganizationsService.operation(of: r)
        case .cloudTrail: CloudTrailService.operation(of: r)
        case .account: AccountService.operation(of: r)
        case .ssoPortal: SSOPortalService.operation(of: r)
        }
    }

    func errorResponse(_ e: APIError, requestId: String) -> WireResponse {
        switch self {
        case .appConfig, .appConfigData: .restJSONError(e)
        case .sts: .xml(STSService.errorXML(e, requestId: requestId), status: e.status)
        case .organizations, .cloudTrail: .awsJSONError(e)
        case .account, .ssoPortal: .restJSONError(e, messageKey: "message")
        }
    }

    func unknownOperation(_ r: ReceivedRequest) -> APIError {
        switch self {
        case .organizations, .cloudTrail:
            APIError(code: "UnknownOperationException", status: 400, message: "Unknown operation \(r.header("x-amz-target") ?? "(no X-Amz-Target)")")
        default:
            APIError(code: "UnknownOperationException", status: 404, message: "Unknown operation \(r.method) \(r.rawPath)")
        }
    }

    /// What a throttled request of this service answers.
    var throttled: APIError {
        switch self {
        case .appConfig: APIError(code: "ThrottlingException", status: 400, message: "Rate exceeded")
        case .appConfigData: APIError(code: "ThrottlingException", status: 429, message: "Rate exceeded")
        case .sts: APIError(code: "Throttling", status: 400, message: "Rate exceeded")
        case .organizations: APIError(code: "TooManyRequestsException", status: 400, message: "You have sent too many requests in too short a period of time.")
        case .cloudTrail: APIError(code: "ThrottlingException", status: 400, message: "Rate exceeded")
        case .account, .ssoPortal: APIError(code: "TooManyRequestsException", status: 429, message: "Rate exceeded")
        }
    }

    /// The error an injected failure with `status` answers with.
    func injectedError(status: Int, operation: String) -> APIError {
        var e = APIError(code: errorCode(status: status), status: status, message: "Injected failure of \(operation)")
        e.senderFault = status < 500
        return e
    }

    func errorCode(status: Int) -> String {
        switch (status, self) {
        case (429, _): throttled.code
        case (403, .sts): "AccessDenied"
        case (403, _): "AccessDeniedException"
        case (400..<500, .appConfig), (400..<500, .appConfigData): "BadRequestException"
        case (400..<500, .sts): "InvalidRequest"
        case (400..<500, .organizations): "InvalidInputException"
        case (400..<500, .cloudTrail): "InvalidLookupAttributesException"
        case (400..<500, .account): "ValidationException"
        case (400..<500, .ssoPortal): "InvalidRequestException"
        case (503, _): "ServiceUnavailable"
        case (_, .sts): "InternalFailure"
        case (_, .organizations): "ServiceException"
        case (_, .cloudTrail): "InternalFailure"
        default: "InternalServerException"
        }
    }
}
