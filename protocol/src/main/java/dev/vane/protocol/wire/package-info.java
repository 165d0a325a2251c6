/**
 * Types of the HTTP conversation between the SDK and the server: paths, content types and the JSON
 * bodies both sides read. Described for people in {@code docs/http-api.md}.
 */
package dev.vane.protocol.wire;
