package io.chathistorybridge.sandbox;

/**
 * Error answers in the Easemob shape. The {@code error} codes and descriptions follow the docs
 * (easemob-api.md §1-§5); the {@code exception} class names are only documented for a few
 * (IllegalArgumentException, shiro UnauthorizedException, usergrid SecurityException,
 * WebApplicationException) - the others are plausible stand-ins.
 */
final class Errors {
    static final String ILLEGAL_ARGUMENT_EX = "java.lang.IllegalArgumentException";

    private Errors() {
    }

    static Resp illegalArgument(String description) {
        return Resp.error(400, "illegal_argument", ILLEGAL_ARGUMENT_EX, description);
    }

    static Resp invalidRequestBody() {
        return Resp.error(400, "invalid_request_body", "InvalidRequestBodyException",
                "Request body is invalid. Please check body is correct.");
    }

    static Resp expiredToken() {
        return Resp.error(401, "unauthorized", "org.apache.shiro.authz.UnauthorizedException",
                "Unable to authenticate due to expired access token");
    }

    static Resp badToken() {
        return Resp.error(401, "auth_bad_access_token", "org.apache.usergrid.rest.exceptions.SecurityException",
                "Unable to authenticate due to corrupt access token");
    }

    static Resp reachLimit() {
        return Resp.error(429, "reach_limit", "ReachLimitException", "This request has reached api limit");
    }

    static Resp serviceUnavailable() {
        return Resp.error(503, "service_unavailable", "ServiceUnavailableException", "Service Unavailable");
    }

    static Resp unsupportedMediaType() {
        return Resp.error(415, "web_application", "javax.ws.rs.WebApplicationException", "Unsupported Media Type");
    }

    static Resp tooLarge() {
        return Resp.error(413, "request_entity_too_large", "javax.ws.rs.WebApplicationException",
                "Request Entity Too Large");
    }

    static Resp methodNotAllowed() {
        return Resp.error(405, "web_application", "javax.ws.rs.NotAllowedException", "HTTP 405 Method Not Allowed");
    }

    static Resp resourceNotFound(String description) {
        return Resp.error(404, "service_resource_not_found",
                "org.apache.usergrid.services.exceptions.ServiceResourceNotFoundException", description);
    }

    static Resp appNotFound(String org, String app, String rest) {
        return Resp.error(404, "organization_application_not_found",
                "org.apache.usergrid.rest.exceptions.OrganizationApplicationNotFoundException",
                "Could not find application for " + org + "/" + app + " from URI: " + org + "/" + app + "/" + rest);
    }

    static Resp internal(String description) {
        return Resp.error(500, "internal_server_error", "java.lang.RuntimeException", description);
    }

    // ---- OSS-like answers of the download host ----

    static Resp ossAccessDenied(String message) {
        return Resp.xml(403, ossXml("AccessDenied", message, ""));
    }

    static Resp ossExpired(long expiresEpochSec, long nowMs) {
        String extra = "  <Expires>" + java.time.Instant.ofEpochSecond(expiresEpochSec) + "</Expires>\n"
                + "  <ServerTime>" + java.time.Instant.ofEpochSecond(nowMs / 1000) + "</ServerTime>\n";
        return Resp.xml(403, ossXml("AccessDenied", "Request has expired.", extra));
    }

    static Resp ossBadSignature() {
        return Resp.xml(403, ossXml("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.", ""));
    }

    static Resp ossNoSuchKey() {
        return Resp.xml(404, ossXml("NoSuchKey", "The specified key does not exist.", ""));
    }

    static Resp ossUnavailable() {
        return Resp.xml(503, ossXml("ServiceUnavailable", "Please reduce your request rate.", ""));
    }

    private static String ossXml(String code, String message, String extra) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + code + "</Code>\n  <Message>"
                + message + "</Message>\n  <RequestId>" + Long.toHexString(System.nanoTime()).toUpperCase()
                + "</RequestId>\n  <HostId>ebs-chatmessage-sandbox</HostId>\n" + extra + "</Error>\n";
    }
}
