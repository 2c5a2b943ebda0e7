package dev.waflows.sandbox;

/**
 * Graph calls the sandbox received in one wall-clock second.
 *
 * @param epochSecond the second, in seconds since the epoch
 * @param requests calls on the encryption endpoint, refused ones included
 * @param rateLimited calls the rate limit refused with HTTP 429
 */
public record SecondCount(long epochSecond, int requests, int rateLimited) {}
