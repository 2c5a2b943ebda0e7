package dev.waflows.sandbox;

/**
 * One request the sandbox answered, for tests that assert on what a client sent.
 *
 * <p>Deliberately holds no token: only whether it was accepted, so that a test log can never leak a
 * credential.
 *
 * @param method HTTP method
 * @param path request path without the query string
 * @param phoneNumberId the phone number id from the path, or {@code null} when the path is not the
 *     encryption endpoint
 * @param tokenAccepted whether the request carried a bearer token the sandbox accepts
 * @param status the HTTP status the sandbox answered with
 */
public record RequestRecord(
    String method, String path, String phoneNumberId, boolean tokenAccepted, int status) {}
